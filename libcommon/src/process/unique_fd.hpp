#pragma once
// Internal to the process module: an owning file descriptor and the pipe helper the runner
// uses. Every descriptor lifeline creates here is close-on-exec, so concurrent runs in other
// threads never leak one run's pipes into another run's child.

#include <utility>

#include <lifeline/util/result.hpp>

namespace lifeline::process::detail {

// Owns one descriptor; closes it on destruction. -1 means "none".
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    // Closes the descriptor now (idempotent).
    void reset();

  private:
    int m_fd = -1;
};

struct Pipe {
    UniqueFd read_end;
    UniqueFd write_end;
};

// A close-on-exec pipe whose ends are both numbered 3 or above (so dup2 onto 0/1/2 in the
// child can never clobber another end when lifeline was started with 0/1/2 closed).
// `nonblocking_read` / `nonblocking_write` set O_NONBLOCK on that end only: the child's end
// must stay blocking. Errors: ErrorCode::io with the errno text.
Result<Pipe> make_pipe(bool nonblocking_read, bool nonblocking_write);

// Sets O_NONBLOCK on fd. Errors: ErrorCode::io.
Status set_nonblocking(int fd);

}  // namespace lifeline::process::detail
