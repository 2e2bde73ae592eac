#pragma once
// Writing to a pipe or socket whose reader is gone raises SIGPIPE, which would kill the tool;
// a library must not change process-wide signal handling. While a SigpipeGuard lives, SIGPIPE
// is blocked in the calling thread; when it ends, a SIGPIPE raised meanwhile is consumed (one
// already pending before stays pending) and the thread's mask is restored. errno is kept.
//
//   { lifeline::SigpipeGuard guard; written = ::write(fd, data, size); }  // EPIPE, no signal

#include <csignal>

namespace lifeline {

class SigpipeGuard {
  public:
    SigpipeGuard();
    ~SigpipeGuard();
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

  private:
    sigset_t m_previous{};
    bool m_was_pending = false;
};

}  // namespace lifeline
