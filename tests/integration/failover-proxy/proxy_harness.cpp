#include "proxy_harness.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include "support/child_process.hpp"

namespace proxy_it {

namespace {

std::string fill_urls(std::string text, const lifeline::testing::YamlSim& sim) {
    for (size_t at = text.find("{{url:"); at != std::string::npos; at = text.find("{{url:")) {
        const size_t end = text.find("}}", at);
        const std::string name = text.substr(at + 6, end - at - 6);
        text.replace(at, end + 2 - at, sim.url_of(name));
    }
    return text;
}

std::string value_of(const std::string& ready, const std::string& key) {
    std::istringstream lines(ready);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(key + "=", 0) == 0)
            return line.substr(key.size() + 1);
    }
    return {};
}

}  // namespace

ProxyProcess::ProxyProcess(const std::string& config_path, const ProxyOptions& options) {
    lifeline::testing::ChildSpec spec;
    spec.argv = {PROXY_BINARY,
                 "--config",
                 config_path,
                 "--state",
                 options.state,
                 "--listen",
                 "127.0.0.1:0",
                 "--ready-file",
                 m_dir.path() + "/ready.env",
                 "--access-log",
                 m_dir.path() + "/access.log",
                 "--drain-timeout",
                 options.drain_timeout};
    spec.argv.insert(spec.argv.end(), options.extra_args.begin(), options.extra_args.end());
    std::map<std::string, std::string> env{
        {"PATH", "/usr/bin:/bin"}, {"HOME", m_dir.path()}, {"SIM_KEY", "sk-sim-0123456789abcdef"}};
    for (const auto& [name, value] : options.extra_env)
        env[name] = value;
    spec.env = std::move(env);
    spec.stdout_path = m_dir.path() + "/stdout.txt";
    spec.stderr_path = m_dir.path() + "/stderr.txt";
    m_pid = lifeline::testing::spawn_child(spec);
    for (int i = 0; i < 500 && m_pid > 0; ++i) {
        const std::string ready = m_dir.read("ready.env");
        if (ready.find("LIFELINE_PROXY_TOKEN=") != std::string::npos) {
            m_url = value_of(ready, "LIFELINE_PROXY_URL");
            m_token = value_of(ready, "LIFELINE_PROXY_TOKEN");
            return;
        }
        if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
            m_pid = -1;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "failover-proxy did not become ready: " << stderr_text();
}

ProxyProcess::~ProxyProcess() {
    if (m_pid > 0)
        stop(SIGKILL);
}

int ProxyProcess::port() const {
    const size_t colon = m_url.rfind(':');
    return colon == std::string::npos ? 0 : std::stoi(m_url.substr(colon + 1));
}

void ProxyProcess::signal(int signal_number) {
    if (m_pid > 0)
        kill(m_pid, signal_number);
}

int ProxyProcess::wait_exit(std::chrono::milliseconds limit) {
    if (m_pid <= 0)
        return -1;
    const int status = lifeline::testing::wait_child(m_pid, limit);
    m_pid = -1;
    return status;
}

int ProxyProcess::stop(int signal_number) {
    signal(signal_number);
    return wait_exit();
}

std::string ProxyProcess::stderr_text() const {
    return m_dir.read("stderr.txt");
}

lifeline::http::HttpResponse ProxyProcess::send(lifeline::http::HttpRequest request) {
    const std::string path = request.url;
    request.url = m_url + path;
    auto result = m_http.perform(request);
    if (!result) {
        ADD_FAILURE() << request.method << " " << path << ": " << result.error().message;
        return {};
    }
    return *result;
}

lifeline::http::HttpResponse ProxyProcess::post(const std::string& path, const std::string& body,
                                                lifeline::http::Headers headers, bool with_token) {
    lifeline::http::HttpRequest request;
    request.method = "POST";
    request.url = path;
    request.body = body;
    request.headers = std::move(headers);
    request.headers.push_back({"Content-Type", "application/json"});
    if (with_token)
        request.headers.push_back({"Authorization", "Bearer " + m_token});
    request.timeouts.total = lifeline::Duration{30'000};
    // Above the proxy's own 64 MiB cap on a relayed answer: the test sees what the proxy sends
    // (provider-sim's oversized_body fault answers 17 MB), not this client's default limit.
    request.max_response_bytes = 128u * 1024 * 1024;
    return send(std::move(request));
}

lifeline::http::HttpResponse ProxyProcess::get(const std::string& path, bool with_token,
                                               lifeline::http::Headers headers) {
    lifeline::http::HttpRequest request;
    request.url = path;
    request.headers = std::move(headers);
    if (with_token)
        request.headers.push_back({"Authorization", "Bearer " + m_token});
    return send(std::move(request));
}

std::vector<nlohmann::json> ProxyProcess::access_log() const {
    std::vector<nlohmann::json> lines;
    std::istringstream in(m_dir.read("access.log"));
    for (std::string line; std::getline(in, line);)
        lines.push_back(nlohmann::json::parse(line, nullptr, false));
    return lines;
}

ProxyRig::ProxyRig(const std::string& fleet_yaml, const std::string& config_yaml,
                   std::vector<std::string> extra_args)
    : ProxyRig(fleet_yaml, config_yaml, [&] {
          ProxyOptions options;
          options.extra_args = std::move(extra_args);
          return options;
      }()) {}

ProxyRig::ProxyRig(const std::string& fleet_yaml, const std::string& config_yaml,
                   ProxyOptions options)
    : m_sim(fleet_yaml, {}, lifeline::testing::YamlSim::Mode::fleet) {
    if (!m_sim.ready())
        return;
    write_config(config_yaml);
    m_proxy = std::make_unique<ProxyProcess>(m_config_path, options);
}

void ProxyRig::write_config(const std::string& config_yaml) {
    m_config_path = m_dir.write("lifeline.yaml", fill_urls(config_yaml, m_sim));
}

std::unique_ptr<ProxyProcess> ProxyRig::start_peer(const ProxyOptions& options) {
    return std::make_unique<ProxyProcess>(m_config_path, options);
}

nlohmann::json ProxyRig::sim_stats(const std::string& name) {
    lifeline::http::HttpRequest request;
    request.url = m_sim.url_of(name) + "/_sim/stats";
    auto result = m_http.perform(request);
    if (!result)
        return nullptr;
    return nlohmann::json::parse(result->body, nullptr, false);
}

std::vector<std::string> attempt_classes(const nlohmann::json& line) {
    std::vector<std::string> classes;
    for (const auto& attempt : line["attempts"])
        classes.push_back(attempt["class"].is_null() ? "ok" : attempt["class"].get<std::string>());
    return classes;
}

std::vector<std::string> attempt_candidates(const nlohmann::json& line) {
    std::vector<std::string> candidates;
    for (const auto& attempt : line["attempts"])
        candidates.push_back(attempt["candidate"]);
    return candidates;
}

}  // namespace proxy_it
