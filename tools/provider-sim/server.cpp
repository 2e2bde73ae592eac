#include "server.hpp"

#include <chrono>

#include <httplib.h>

#include "httplib_border.hpp"
#include "listen_address.hpp"
#include "listen_backlog.hpp"
#include "thread_pool.hpp"

namespace provider_sim {

SimServer::SimServer(Instances instances, std::ostream& log, ServerSettings settings)
    : m_instances(std::move(instances)), m_log(log), m_settings(std::move(settings)) {}

SimServer::~SimServer() {
    stop();
}

void SimServer::serve(Instance& instance, const httplib::Request& req, httplib::Response& res) {
    const SimRequest request = to_sim_request(req);
    auto plan = std::make_shared<SimResponse>(is_control_path(request.path)
                                                  ? handle_control(request, instance, m_instances)
                                                  : instance.handle(request));
    if (m_settings.log_requests) {
        log_request(instance, request, *plan);
    }
    deliver(std::move(plan), m_stop, res);
}

void SimServer::log_request(const Instance& instance, const SimRequest& request,
                            const SimResponse& plan) {
    // One write per line: the line is the unit other tools grep.
    const std::string line =
        "provider-sim[" + instance.name() + "] " + request.method + " " + request.path + " -> " +
        (plan.delivery.hang ? std::string("hang") : std::to_string(plan.status)) + " " + plan.note +
        "\n";
    std::lock_guard lock(m_log_mutex);
    m_log.write(line.data(), static_cast<std::streamsize>(line.size()));
    m_log.flush();
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
            serve(instance, req, res);
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
