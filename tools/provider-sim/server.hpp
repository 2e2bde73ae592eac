#pragma once
// The HTTP side of provider-sim: one cpp-httplib server per instance, each on its own port,
// delivering the responses the instances plan (httplib_border.hpp) and logging one line per
// request. With httplib_border.cpp, the only code that knows cpp-httplib's server API.

#include <atomic>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/util/result.hpp>

#include "control.hpp"
#include "stop_signal.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace provider_sim {

struct ServerSettings {
    std::string host = "127.0.0.1";
    int base_port = 0;          // 0 = ephemeral; else instance i gets base_port + i
    bool log_requests = true;   // one line per request on `log`
    size_t max_threads = 1024;  // per instance (keep-alive connections each hold one)
};

struct BoundInstance {
    std::string name;
    std::string address;  // "127.0.0.1:43125"
    int port = 0;
};

class SimServer {
  public:
    // `log` must outlive the server.
    SimServer(Instances instances, std::ostream& log, ServerSettings settings);
    ~SimServer();
    SimServer(const SimServer&) = delete;
    SimServer& operator=(const SimServer&) = delete;

    // Binds every instance's port (a scenario's own `port` wins). Errors (ErrorCode::unavailable)
    // name the address that could not be bound. Connections queue from here on.
    lifeline::Result<std::vector<BoundInstance>> bind();
    // Starts accepting on every bound port (one accept thread each).
    void start();
    // Wakes every waiting handler, stops accepting and joins; idempotent.
    void stop();

  private:
    int instance_port(size_t index) const;
    void serve(Instance& instance, const httplib::Request& request, httplib::Response& response);
    // The request log's line for `request` and its planned answer: instance, method, path,
    // status (or "hang") and what the sim did. No bodies, no keys.
    void log_request(const Instance& instance, const SimRequest& request, const SimResponse& plan);

    Instances m_instances;
    std::ostream& m_log;
    ServerSettings m_settings;
    StopSignal m_stop;
    std::mutex m_log_mutex;
    std::vector<std::unique_ptr<httplib::Server>> m_servers;
    std::vector<std::thread> m_threads;
    // One flag per listening thread, set when its listen loop has returned.
    std::vector<std::unique_ptr<std::atomic<bool>>> m_listening_done;
    bool m_stopped = false;
};

}  // namespace provider_sim
