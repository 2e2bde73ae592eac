#include "httplib_border.hpp"

#include <algorithm>
#include <cctype>

#include <httplib.h>

namespace provider_sim {

namespace {

// Streams events one by one; a drip waits between them, a cut stops early without the
// terminating chunk so the client sees a broken stream (a stall waits in silence first).
void deliver_stream(std::shared_ptr<SimResponse> plan, StopSignal& stop, httplib::Response& res) {
    res.set_chunked_content_provider(
        plan->content_type, [plan, &stop](size_t, httplib::DataSink& sink) {
            const auto& events = plan->events;
            for (size_t i = 0; i < events.size(); ++i) {
                if (plan->delivery.cut_after >= 0 &&
                    static_cast<int64_t>(i) >= plan->delivery.cut_after) {
                    stop.wait_for(plan->delivery.stall_for);
                    return false;
                }
                if (i > 0 && plan->delivery.drip_interval.count() > 0 &&
                    !stop.wait_for(plan->delivery.drip_interval)) {
                    return false;
                }
                if (!sink.write(events[i].data(), events[i].size())) {
                    return false;
                }
            }
            sink.done();
            return true;
        });
}

// A body with a Content-Length, delivered in timed pieces or cut at half (after a stall).
void deliver_body(std::shared_ptr<SimResponse> plan, StopSignal& stop, httplib::Response& res) {
    const size_t size = plan->body.size();
    res.set_content_provider(size, plan->content_type,
                             [plan, &stop, size](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (plan->delivery.cut_after >= 0) {
                                     sink.write(plan->body.data(), size / 2);
                                     stop.wait_for(plan->delivery.stall_for);
                                     return false;
                                 }
                                 const size_t piece = std::max<size_t>(16, size / 8);
                                 if (offset > 0 && !stop.wait_for(plan->delivery.drip_interval)) {
                                     return false;
                                 }
                                 const size_t length = std::min(piece, size - offset);
                                 return sink.write(plan->body.data() + offset, length);
                             });
}

}  // namespace

SimRequest to_sim_request(const httplib::Request& request) {
    SimRequest sim;
    sim.method = request.method;
    sim.path = request.path;
    for (const auto& [name, value] : request.params) {
        sim.query.emplace(name, value);
    }
    for (const auto& [name, value] : request.headers) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        sim.headers.emplace(std::move(lower), value);
    }
    sim.body = request.body;
    return sim;
}

void deliver(std::shared_ptr<SimResponse> plan, StopSignal& stop, httplib::Response& res) {
    if (plan->delivery.delay.count() > 0 && !stop.wait_for(plan->delivery.delay)) {
        res.status = 503;
        return;
    }
    if (plan->delivery.hang) {
        stop.wait_for(plan->delivery.hang_for);
        res.status = 504;
        res.set_content(R"({"error":{"message":"provider-sim: hang ended","type":"server_error"}})",
                        "application/json");
        return;
    }
    res.status = plan->status;
    for (const auto& [name, value] : plan->headers) {
        res.set_header(name, value);
    }
    if (plan->streaming) {
        res.set_header("Cache-Control", "no-cache");
        deliver_stream(std::move(plan), stop, res);
    } else if (plan->delivery.cut_after >= 0 || plan->delivery.drip_interval.count() > 0) {
        deliver_body(std::move(plan), stop, res);
    } else {
        res.set_content(std::move(plan->body), plan->content_type);
    }
}

}  // namespace provider_sim
