#pragma once
// The bench's own HTTP/1.1 load generator: one thread, epoll, many keep-alive connections to
// one 127.0.0.1 port. Three shapes:
//   open loop   requests are due at a fixed rate whatever the replies do; each one's latency
//               runs from the time it was due, not from when a connection was free to send
//               it, so a stalled server shows as latency (no coordinated omission);
//   closed loop N connections, each sending its next request as soon as its reply ends: the
//               highest rate the target sustains;
//   hold        N streaming requests at once, kept open while a callback runs (memory with
//               many open streams).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace proxy_bench {

using Clock = std::chrono::steady_clock;

struct LoadTarget {
    uint16_t port = 0;  // on 127.0.0.1
    // Whole HTTP/1.1 requests (head and body), sent in turn.
    std::vector<std::string> requests;
};

struct LoadResult {
    int64_t offered = 0;    // requests due (open loop), sent (closed loop), streams (hold)
    int64_t sent = 0;       // requests written (a retried one counts once)
    int64_t completed = 0;  // whole responses read, any status
    int64_t completed_in_window = 0;  // ... of which before the sending window ended
    int64_t transport_errors = 0;     // connection reset or closed before the response ended
    int64_t unfinished = 0;           // no whole response by the phase's deadline
    int64_t retried = 0;              // a reused keep-alive connection was closed under the request
    std::map<int, int64_t> statuses;
    // Completed 2xx requests only, in microseconds from the time each was due (open loop) or
    // sent (closed loop): to the last byte, and to the first body byte.
    std::vector<double> latency_us;
    std::vector<double> ttfb_us;
    double seconds = 0;  // the sending window as it really ran
    int connections_opened = 0;

    int64_t ok() const;
    // Responses per second over the sending window.
    double rate() const {
        return seconds > 0 ? static_cast<double>(completed_in_window) / seconds : 0;
    }
};

struct OpenLoopPlan {
    double rate = 1000;  // requests per second offered
    std::chrono::milliseconds duration{5000};
    std::chrono::milliseconds drain{2000};  // after the window, how long replies may take
    int initial_connections = 16;
    int max_connections = 256;  // beyond this, due requests wait for a connection
};

struct ClosedLoopPlan {
    int connections = 32;
    std::chrono::milliseconds duration{5000};
    std::chrono::milliseconds drain{2000};
};

struct HoldPlan {
    int streams = 1000;
    std::chrono::milliseconds open_timeout{30000};  // for every stream's first body byte
};

LoadResult run_open_loop(const LoadTarget& target, const OpenLoopPlan& plan);
LoadResult run_closed_loop(const LoadTarget& target, const ClosedLoopPlan& plan);
// Opens plan.streams connections, sends one request on each and waits until each has a body
// byte (or failed, or open_timeout passed); then calls while_open(streams with a body byte)
// and closes them all. `seconds` is the time it took them to open.
LoadResult run_hold(const LoadTarget& target, const HoldPlan& plan,
                    const std::function<void(int open_streams)>& while_open);

}  // namespace proxy_bench
