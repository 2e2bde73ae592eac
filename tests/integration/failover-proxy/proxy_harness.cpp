#include "proxy_harness.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

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

ProxyRig::ProxyRig(const std::string& fleet_yaml, const std::string& config_yaml,
                   std::vector<std::string> extra_args)
    : m_sim(fleet_yaml, {}, lifeline::testing::YamlSim::Mode::fleet) {
    if (!m_sim.ready())
        return;
    const std::string config = m_dir.write("lifeline.yaml", fill_urls(config_yaml, m_sim));
    lifeline::testing::ChildSpec spec;
    spec.argv = {PROXY_BINARY,
                 "--config",
                 config,
                 "--state",
                 "memory:",
                 "--listen",
                 "127.0.0.1:0",
                 "--ready-file",
                 m_dir.path() + "/ready.env",
                 "--access-log",
                 m_dir.path() + "/access.log",
                 "--drain-timeout",
                 "2s"};
    spec.argv.insert(spec.argv.end(), extra_args.begin(), extra_args.end());
    spec.env = std::map<std::string, std::string>{
        {"PATH", "/usr/bin:/bin"}, {"HOME", m_dir.path()}, {"SIM_KEY", "sk-sim-0123456789abcdef"}};
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

ProxyRig::~ProxyRig() {
    if (m_pid > 0)
        stop(SIGKILL);
}

int ProxyRig::stop(int signal_number) {
    if (m_pid <= 0)
        return -1;
    kill(m_pid, signal_number);
    const int status = lifeline::testing::wait_child(m_pid, std::chrono::seconds(10));
    m_pid = -1;
    return status;
}

std::string ProxyRig::stderr_text() const {
    return m_dir.read("stderr.txt");
}

lifeline::http::HttpResponse ProxyRig::post(const std::string& path, const std::string& body,
                                            lifeline::http::Headers headers, bool with_token) {
    lifeline::http::HttpRequest request;
    request.method = "POST";
    request.url = m_url + path;
    request.body = body;
    request.headers = std::move(headers);
    request.headers.push_back({"Content-Type", "application/json"});
    if (with_token)
        request.headers.push_back({"Authorization", "Bearer " + m_token});
    request.timeouts.total = lifeline::Duration{30'000};
    auto result = m_http.perform(request);
    if (!result) {
        ADD_FAILURE() << "POST " << path << ": " << result.error().message;
        return {};
    }
    return *result;
}

lifeline::http::HttpResponse ProxyRig::get(const std::string& path, bool with_token) {
    lifeline::http::HttpRequest request;
    request.url = m_url + path;
    if (with_token)
        request.headers.push_back({"Authorization", "Bearer " + m_token});
    auto result = m_http.perform(request);
    if (!result) {
        ADD_FAILURE() << "GET " << path << ": " << result.error().message;
        return {};
    }
    return *result;
}

std::vector<nlohmann::json> ProxyRig::access_log() const {
    std::vector<nlohmann::json> lines;
    std::istringstream in(m_dir.read("access.log"));
    for (std::string line; std::getline(in, line);)
        lines.push_back(nlohmann::json::parse(line, nullptr, false));
    return lines;
}

nlohmann::json ProxyRig::sim_stats(const std::string& name) {
    lifeline::http::HttpRequest request;
    request.url = m_sim.url_of(name) + "/_sim/stats";
    auto result = m_http.perform(request);
    if (!result)
        return nullptr;
    return nlohmann::json::parse(result->body, nullptr, false);
}

}  // namespace proxy_it
