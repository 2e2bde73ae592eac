#include <cerrno>
#include <ctime>

#include <pthread.h>

#include <lifeline/util/sigpipe_guard.hpp>

namespace lifeline {

namespace {

sigset_t sigpipe_only() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    return set;
}

bool sigpipe_pending() {
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    return sigismember(&pending, SIGPIPE) == 1;
}

}  // namespace

SigpipeGuard::SigpipeGuard() {
    m_was_pending = sigpipe_pending();
    sigset_t block = sigpipe_only();
    pthread_sigmask(SIG_BLOCK, &block, &m_previous);
}

SigpipeGuard::~SigpipeGuard() {
    const int saved_errno = errno;
    if (!m_was_pending && sigpipe_pending()) {
        sigset_t only = sigpipe_only();
        const timespec no_wait{};
        while (sigtimedwait(&only, nullptr, &no_wait) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    errno = saved_errno;
}

}  // namespace lifeline
