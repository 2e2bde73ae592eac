#pragma once
// run-with-failover's stdout, which carries the agent's output (command mode) or the answer
// (request mode). Its reader may go away first (`run-with-failover ... | head -c 1`): with
// SIGPIPE ignored (ignore_sigpipe) a write then fails with EPIPE instead of killing the run
// halfway, and StdoutSink remembers that so the attempt is ended and the run reported.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "failover_loop.hpp"

namespace run_with_failover {

// Sets SIGPIPE to "ignore" for this process: writes to a closed pipe fail with EPIPE. Children
// get the default disposition back (process/spawn.cpp).
void ignore_sigpipe();

class StdoutSink {
  public:
    explicit StdoutSink(std::ostream& out) : m_out(out) {}

    // Writes and flushes `bytes`. False once a write has failed (then and ever after: nothing
    // more is written).
    bool write(std::string_view bytes);
    bool lost() const { return m_lost.has_value(); }
    // The reader closed the pipe (EPIPE), as opposed to another write error.
    bool closed_by_reader() const { return m_closed_by_reader; }
    // Why output was lost: "stdout was closed by its reader (SIGPIPE)" or "cannot write stdout:
    // <reason>"; "" while nothing was.
    std::string why_lost() const { return m_lost.value_or(""); }

  private:
    std::ostream& m_out;
    std::optional<std::string> m_lost;
    bool m_closed_by_reader = false;
};

// Marks `report` as ended by the loss of stdout (output_lost, and signal SIGPIPE when the
// reader left) when `sink` lost it; otherwise leaves it alone.
void mark_lost_output(const StdoutSink& sink, AttemptReport& report);

}  // namespace run_with_failover
