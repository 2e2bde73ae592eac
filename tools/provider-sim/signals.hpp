#pragma once
// Waiting for SIGINT/SIGTERM without an async signal handler: the signals are blocked in the
// constructing thread (and every thread it starts afterwards) and collected with sigwait().
// Construct it before starting any server thread.

namespace provider_sim {

class TerminationSignals {
  public:
    TerminationSignals();
    ~TerminationSignals();  // restores the previous signal mask
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    // Blocks until SIGINT or SIGTERM arrives; returns the signal number.
    int wait();

  private:
    struct Mask;
    Mask* m_previous;
};

}  // namespace provider_sim
