#pragma once
// The proxy's event loops: one io_context per thread (one per core unless --threads says
// otherwise), each with a libcurl transport of its own driven on it. A client connection is
// handed to one loop, and its requests are read, sent upstream, answered and written back on
// that loop's thread, with no hand-off between threads. Loop 0 also accepts connections and
// runs the signal handlers and the drain timer.

#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "asio_event_loop.hpp"
#include "lazy_transport.hpp"

namespace failover_proxy {

struct Loop {
    Loop();
    // Members in the order they are built; destroyed in reverse: the transport before the
    // event loop it watches sockets on, both before the io_context.
    boost::asio::io_context io{1};  // run by one thread
    AsioEventLoop events{io};
    // A CurlLoopTransport on `events`, made on the loop's first request (libcurl is loaded
    // then). Use it only on this loop's thread.
    std::unique_ptr<LazyTransport> upstream;
};

using Loops = std::vector<std::unique_ptr<Loop>>;

// `count` loops (at least one).
Loops make_loops(unsigned count);

// Runs `work(loop)` for every loop at once, each on a thread of its own (loop 0 on the
// calling thread), and returns when every one has returned.
void on_every_loop(Loops& loops, const std::function<void(Loop&)>& work);

// Stops every loop's run() (safe from any thread).
void stop_loops(Loops& loops);

}  // namespace failover_proxy
