#include "event_loops.hpp"

#include <algorithm>
#include <thread>

#include <lifeline/http/loop_transport.hpp>

namespace failover_proxy {

Loop::Loop()
    : upstream(std::make_unique<LazyTransport>(
          [this] { return std::make_unique<lifeline::http::CurlLoopTransport>(events); })) {}

Loops make_loops(unsigned count) {
    Loops loops;
    for (unsigned i = 0; i < std::max(count, 1u); ++i)
        loops.push_back(std::make_unique<Loop>());
    return loops;
}

void on_every_loop(Loops& loops, const std::function<void(Loop&)>& work) {
    std::vector<std::thread> others;
    for (size_t i = 1; i < loops.size(); ++i)
        others.emplace_back([&work, &loop = *loops[i]] { work(loop); });
    work(*loops.front());
    for (auto& thread : others)
        thread.join();
}

void stop_loops(Loops& loops) {
    for (auto& loop : loops)
        loop->io.stop();
}

}  // namespace failover_proxy
