#include "stdout_sink.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

namespace run_with_failover {

void ignore_sigpipe() {
    std::signal(SIGPIPE, SIG_IGN);
}

bool StdoutSink::write(std::string_view bytes) {
    if (m_lost)
        return false;
    // errno is the only place the stream's failure reason survives: it is read right after.
    errno = 0;
    m_out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    m_out.flush();
    if (m_out)
        return true;
    const int error = errno;
    m_closed_by_reader = error == EPIPE;
    m_lost = m_closed_by_reader ? "stdout was closed by its reader (SIGPIPE)"
                                : std::string("cannot write stdout: ") +
                                      (error != 0 ? std::strerror(error) : "write error");
    return false;
}

void mark_lost_output(const StdoutSink& sink, AttemptReport& report) {
    if (!sink.lost())
        return;
    report.output_lost = sink.why_lost();
    if (sink.closed_by_reader())
        report.signal = SIGPIPE;
}

}  // namespace run_with_failover
