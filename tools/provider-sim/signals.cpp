#include "signals.hpp"

#include <pthread.h>
#include <signal.h>

namespace provider_sim {

struct TerminationSignals::Mask {
    sigset_t set;
};

namespace {

sigset_t termination_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

TerminationSignals::TerminationSignals() : m_previous(new Mask) {
    sigset_t set = termination_set();
    pthread_sigmask(SIG_BLOCK, &set, &m_previous->set);
    // A client that disconnects mid-stream must not kill the server with SIGPIPE.
    signal(SIGPIPE, SIG_IGN);
}

TerminationSignals::~TerminationSignals() {
    pthread_sigmask(SIG_SETMASK, &m_previous->set, nullptr);
    delete m_previous;
}

int TerminationSignals::wait() {
    sigset_t set = termination_set();
    int signal_number = 0;
    while (sigwait(&set, &signal_number) != 0) {
    }
    return signal_number;
}

}  // namespace provider_sim
