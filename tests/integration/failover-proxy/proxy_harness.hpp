#pragma once
// A provider-sim fleet plus the real failover-proxy in front of it, on 127.0.0.1 with
// ephemeral ports, for one test. The proxy runs with a fresh token (read from its ready file),
// a memory: state store (or the one the test names) and an access log; requests go through
// lifeline's own HTTP client.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/http/curl_transport.hpp>

#include "support/sim_process.hpp"
#include "support/temp_dir.hpp"

namespace proxy_it {

// How a proxy is started beyond the config file.
struct ProxyOptions {
    // Declared so this is no aggregate: ProxyRig(fleet, config, {"--flag", "value"}) stays a
    // list of extra arguments.
    ProxyOptions() = default;

    std::string state = "memory:";  // --state
    std::string drain_timeout = "2s";
    std::vector<std::string> extra_args;
    // Added to the proxy's environment (PATH, HOME and SIM_KEY are always set).
    std::map<std::string, std::string> extra_env;
};

// One failover-proxy process with its own ready file, access log and output files.
class ProxyProcess {
  public:
    // Starts the proxy on `config_path` and waits (bounded, 10 s) until its ready file names
    // its URL; a proxy that does not become ready fails the test with its stderr.
    ProxyProcess(const std::string& config_path, const ProxyOptions& options);
    ~ProxyProcess();  // SIGKILL when still running
    ProxyProcess(const ProxyProcess&) = delete;
    ProxyProcess& operator=(const ProxyProcess&) = delete;

    bool ready() const { return !m_url.empty(); }
    const std::string& url() const { return m_url; }
    int port() const;
    const std::string& token() const { return m_token; }

    // POST `body` to `path` with the token as a Bearer key (or `headers` as given).
    lifeline::http::HttpResponse post(const std::string& path, const std::string& body,
                                      lifeline::http::Headers headers = {}, bool with_token = true);
    lifeline::http::HttpResponse get(const std::string& path, bool with_token = true,
                                     lifeline::http::Headers headers = {});
    // Any method; `request.url` is the path. A transport error fails the test.
    lifeline::http::HttpResponse send(lifeline::http::HttpRequest request);

    // The access log's lines, parsed.
    std::vector<nlohmann::json> access_log() const;

    // Sends `signal_number` and returns at once.
    void signal(int signal_number);
    // Waits (bounded) for the proxy to exit: its status, -1 when it had to be killed.
    int wait_exit(std::chrono::milliseconds limit = std::chrono::seconds(10));
    // signal() then wait_exit().
    int stop(int signal_number);
    std::string stderr_text() const;

  private:
    lifeline::testing::TempDir m_dir{"failover-proxy-it"};
    lifeline::http::CurlTransport m_http;
    pid_t m_pid = -1;
    std::string m_url;
    std::string m_token;
};

class ProxyRig {
  public:
    // `fleet_yaml`: provider-sim fleet with instances named in `config_yaml` as
    // {{url:NAME}} (replaced by "http://127.0.0.1:PORT"). `config_yaml` is lifeline.yaml.
    ProxyRig(const std::string& fleet_yaml, const std::string& config_yaml,
             std::vector<std::string> extra_args = {});
    ProxyRig(const std::string& fleet_yaml, const std::string& config_yaml, ProxyOptions options);

    bool ready() const { return m_proxy && m_proxy->ready(); }
    ProxyProcess& proxy() { return *m_proxy; }
    const std::string& url() const { return m_proxy->url(); }
    const std::string& token() const { return m_proxy->token(); }

    lifeline::http::HttpResponse post(const std::string& path, const std::string& body,
                                      lifeline::http::Headers headers = {},
                                      bool with_token = true) {
        return m_proxy->post(path, body, std::move(headers), with_token);
    }
    lifeline::http::HttpResponse get(const std::string& path, bool with_token = true,
                                     lifeline::http::Headers headers = {}) {
        return m_proxy->get(path, with_token, std::move(headers));
    }
    std::vector<nlohmann::json> access_log() const { return m_proxy->access_log(); }
    int stop(int signal_number) { return m_proxy->stop(signal_number); }
    std::string stderr_text() const { return m_proxy->stderr_text(); }

    // provider-sim's /_sim/stats of instance `name`.
    nlohmann::json sim_stats(const std::string& name);
    // Rewrites lifeline.yaml (with {{url:NAME}} filled in), e.g. before a SIGHUP.
    void write_config(const std::string& config_yaml);
    // Another proxy on the same fleet and config file (a second replica).
    std::unique_ptr<ProxyProcess> start_peer(const ProxyOptions& options);

  private:
    lifeline::testing::TempDir m_dir{"failover-proxy-rig"};
    lifeline::testing::YamlSim m_sim;
    lifeline::http::CurlTransport m_http;
    std::string m_config_path;
    std::unique_ptr<ProxyProcess> m_proxy;
};

// One access-log line's attempts: their classes ("ok" for a success) and candidates, in order.
std::vector<std::string> attempt_classes(const nlohmann::json& line);
std::vector<std::string> attempt_candidates(const nlohmann::json& line);

// Polls `done` every 20 ms until it holds or `limit` passes; whether it held.
template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace proxy_it
