#include "server.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <httplib.h>

#include "listen_address.hpp"
#include "listen_backlog.hpp"
#include "thread_pool.hpp"

namespace provider_sim {

namespace {

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

SimServer::SimServer(Instances instances, lifeline::Clock& clock, std::ostream& log,
                     ServerSettings settings)
    : m_instances(std::move(instances)),
      m_clock(clock),
      m_log(log),
      m_settings(std::move(settings)) {}

SimServer::~SimServer() {
    stop();
}

void SimServer::serve(Instance& instance, const void* request_ptr, void* response_ptr) {
    const auto& req = *static_cast<const httplib::Request*>(request_ptr);
    auto& res = *static_cast<httplib::Response*>(response_ptr);
    const SimRequest request = to_sim_request(req);
    auto plan = std::make_shared<SimResponse>(is_control_path(request.path)
                                                  ? handle_control(request, instance, m_instances)
                                                  : instance.handle(request));
    if (m_settings.log_requests) {
        // One write per line: the line is the unit other tools grep. No bodies, no keys.
        std::string line =
            "provider-sim[" + instance.name() + "] " + request.method + " " + request.path +
            " -> " + (plan->delivery.hang ? std::string("hang") : std::to_string(plan->status)) +
            " " + plan->note + "\n";
        std::lock_guard lock(m_log_mutex);
        m_log.write(line.data(), static_cast<std::streamsize>(line.size()));
        m_log.flush();
    }
    if (plan->delivery.delay.count() > 0 && !m_stop.wait_for(plan->delivery.delay)) {
        res.status = 503;
        return;
    }
    if (plan->delivery.hang) {
        m_stop.wait_for(plan->delivery.hang_for);
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
        deliver_stream(plan, m_stop, res);
    } else if (plan->delivery.cut_after >= 0 || plan->delivery.drip_interval.count() > 0) {
        deliver_body(plan, m_stop, res);
    } else {
        res.set_content(std::move(plan->body), plan->content_type);
    }
}

int SimServer::instance_port(size_t index) const {
    const int own = m_instances[index]->port();
    if (own != 0) {
        return own;
    }
    return m_settings.base_port == 0 ? 0 : m_settings.base_port + static_cast<int>(index);
}

lifeline::Result<std::vector<BoundInstance>> SimServer::bind() {
    std::vector<BoundInstance> bound;
    for (size_t i = 0; i < m_instances.size(); ++i) {
        Instance& instance = *m_instances[i];
        auto server = std::make_unique<httplib::Server>();
        const size_t max_threads = m_settings.max_threads;
        server->new_task_queue = [max_threads] { return new GrowingThreadPool(4, max_threads); };
        server->set_keep_alive_max_count(100000);
        server->set_keep_alive_timeout(3);
        server->set_tcp_nodelay(true);
        server->set_payload_max_length(64 * 1024 * 1024);
        auto handler = [this, &instance](const httplib::Request& req, httplib::Response& res) {
            serve(instance, &req, &res);
        };
        server->Get(".*", handler);
        server->Post(".*", handler);
        server->Patch(".*", handler);
        server->Delete(".*", handler);
        server->Put(".*", handler);
        int port = instance_port(i);
        if (port == 0) {
            port = server->bind_to_any_port(m_settings.host);
        } else if (!server->bind_to_port(m_settings.host, port)) {
            port = -1;
        }
        const std::string wanted = format_address(m_settings.host, instance_port(i));
        if (port <= 0) {
            return lifeline::fail(
                lifeline::ErrorCode::unavailable,
                "cannot listen on " + wanted + " for instance \"" + instance.name() + "\"");
        }
        widen_listen_backlog(port);
        bound.push_back({instance.name(), format_address(m_settings.host, port), port});
        m_servers.push_back(std::move(server));
    }
    return bound;
}

void SimServer::start() {
    for (auto& server : m_servers) {
        auto& done = *m_listening_done.emplace_back(std::make_unique<std::atomic<bool>>(false));
        m_threads.emplace_back([raw = server.get(), &done] {
            raw->listen_after_bind();
            done = true;
        });
    }
}

void SimServer::stop() {
    if (m_stopped) {
        return;
    }
    m_stopped = true;
    m_stop.request_stop();
    // httplib's stop() does nothing until the listen loop has begun: a signal right after
    // start() would leave the loop running and the join below waiting forever. So each server
    // is stopped once its loop runs (or not at all when the loop already returned).
    for (size_t i = 0; i < m_threads.size(); ++i) {
        while (!m_servers[i]->is_running() && !*m_listening_done[i]) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (!*m_listening_done[i]) {
            m_servers[i]->stop();
        }
    }
    for (auto& thread : m_threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

}  // namespace provider_sim
