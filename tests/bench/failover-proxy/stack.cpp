#include "stack.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include <unistd.h>

namespace proxy_bench {

namespace {

using Env = std::map<std::string, std::string>;

// 100 words: at one word per 2 s a drip stream lasts over three minutes.
std::string long_reply() {
    std::string reply;
    for (int i = 0; i < 100; ++i)
        reply += (i == 0 ? "" : " ") + std::string("word") + std::to_string(i);
    return reply;
}

std::string value_of(const std::string& text, const std::string& key) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(key, 0) == 0)
            return line.substr(key.size());
    }
    return {};
}

uint16_t port_after_colon(const std::string& address) {
    const size_t colon = address.rfind(':');
    return colon == std::string::npos ? 0
                                      : static_cast<uint16_t>(std::stoi(address.substr(colon + 1)));
}

std::string tail(const std::string& text, size_t bytes = 600) {
    return text.size() <= bytes ? text : text.substr(text.size() - bytes);
}

}  // namespace

std::string Stack::copy_binaries() {
    for (std::string* binary : {&m_paths.proxy, &m_paths.sim}) {
        const std::filesystem::path copy =
            std::filesystem::path(m_paths.work_dir) / std::filesystem::path(*binary).filename();
        std::error_code error;
        std::filesystem::copy_file(*binary, copy, std::filesystem::copy_options::overwrite_existing,
                                   error);
        if (error)
            return "cannot copy " + *binary + ": " + error.message();
        *binary = copy.string();
    }
    return {};
}

std::string Stack::start_sim() {
    write_text(path("fleet.yaml"),
               "version: 1\nproviders:\n"
               "  fast: {reply: \"Hello from provider-sim.\"}\n"
               "  drip: {reply: \"" +
                   long_reply() +
                   "\", rules: [{name: drip, fault: slow_drip, drip_interval: 2s}]}\n");
    // A keep-alive connection holds a sim thread: 1,000 held streams plus the load's own.
    m_sim = std::make_unique<Child>(
        std::vector<std::string>{m_paths.sim, "--quiet", "--listen", "127.0.0.1:0", "--fleet",
                                 path("fleet.yaml"), "--ready-file", path("sim.ready"), "--threads",
                                 "1500"},
        path("provider-sim.log"), std::optional<int>(m_pinning.load_core), m_pinning,
        Env{{"PATH", "/usr/bin:/bin"}});
    const std::string ready =
        wait_for_file(path("sim.ready"), std::chrono::seconds(10), [](const std::string& text) {
            return text.find("drip ") != std::string::npos && text.back() == '\n';
        });
    std::istringstream lines(ready);
    for (std::string name, address; lines >> name >> address;)
        (name == "fast" ? m_fast_port : m_drip_port) = port_after_colon(address);
    if (m_fast_port == 0 || m_drip_port == 0)
        return "provider-sim did not become ready: " + tail(read_text(path("provider-sim.log")));
    return {};
}

std::string Stack::start_proxy() {
    m_proxy_flags.clear();
    const std::string sim = "http://127.0.0.1:" + std::to_string(m_fast_port);
    const std::string drip = "http://127.0.0.1:" + std::to_string(m_drip_port);
    write_text(path("lifeline.yaml"),
               "version: 1\nproviders:\n"
               "  chat-sim: {kind: openai-compatible, base_url: \"" +
                   sim +
                   "/v1\", auth: {env: SIM_KEY}}\n"
                   "  anthropic-sim: {kind: anthropic, base_url: \"" +
                   sim +
                   "\", auth: {env: SIM_KEY}}\n"
                   "  drip-sim: {kind: openai-compatible, base_url: \"" +
                   drip +
                   "/v1\", auth: {env: SIM_KEY}}\n"
                   "models:\n"
                   "  qwen: {provider: chat-sim, id: qwen3-coder}\n"
                   "  claude: {provider: anthropic-sim, id: claude-sonnet-4-6}\n"
                   "  dripper: {provider: drip-sim, id: qwen3-coder}\n"
                   "lanes:\n  pass: [qwen]\n  translate: [claude]\n  hold: [dripper]\n"
                   "default_lane: pass\n");
    std::vector<std::string> argv = {m_paths.proxy, "--config",     path("lifeline.yaml"),
                                     "--state",     "memory:",      "--listen",
                                     "127.0.0.1:0", "--ready-file", path("proxy.env")};
    // One event loop thread on its one core; both cores' worth of threads otherwise.
    if (m_pinning.enabled)
        argv.insert(argv.end(), {"--threads", "1"});
    for (size_t i = 1; i < argv.size(); ++i) {
        if (argv[i].rfind("--", 0) == 0 && argv[i] != "--config" && argv[i] != "--ready-file")
            m_proxy_flags += (m_proxy_flags.empty() ? "" : " ") + argv[i] + " " + argv[i + 1];
    }
    m_proxy = std::make_unique<Child>(
        argv, path("failover-proxy.log"), std::optional<int>(m_pinning.gateway_core), m_pinning,
        Env{{"PATH", "/usr/bin:/bin"}, {"HOME", m_paths.work_dir}, {"SIM_KEY", k_sim_key}});
    const std::string ready =
        wait_for_file(path("proxy.env"), std::chrono::seconds(10), [](const std::string& text) {
            return text.find("LIFELINE_PROXY_TOKEN=") != std::string::npos;
        });
    const std::string url = value_of(ready, "LIFELINE_PROXY_URL=");
    m_token = value_of(ready, "LIFELINE_PROXY_TOKEN=");
    m_proxy_port = port_after_colon(url);
    if (m_proxy_port == 0 || m_token.empty())
        return "failover-proxy did not become ready: " +
               tail(read_text(path("failover-proxy.log")));
    return {};
}

std::string Stack::restart_proxy() {
    m_proxy.reset();
    std::remove(path("proxy.env").c_str());
    return start_proxy();
}

void Stack::start_portkey() {
    const std::string node = find_in_path("node");
    if (node.empty()) {
        m_portkey_note = "node is not on PATH";
        return;
    }
    if (access(m_paths.portkey_script.c_str(), R_OK) != 0) {
        m_portkey_note = m_paths.portkey_script +
                         " is missing (scripts/install-deps.sh installs @portkey-ai/gateway)";
        return;
    }
    m_portkey_port = free_port();
    m_portkey = std::make_unique<Child>(
        std::vector<std::string>{node, m_paths.portkey_script,
                                 "--port=" + std::to_string(m_portkey_port), "--headless"},
        path("portkey.log"), std::optional<int>(m_pinning.gateway_core), m_pinning,
        Env{{"PATH", "/usr/bin:/bin"}, {"HOME", m_paths.work_dir}, {"NODE_ENV", "production"}});
    if (!wait_for_http(m_portkey_port, std::chrono::seconds(20), *m_portkey)) {
        m_portkey_note = "Portkey did not answer on 127.0.0.1:" + std::to_string(m_portkey_port) +
                         " within 20 s: " + tail(read_text(path("portkey.log")));
        m_portkey.reset();
    }
}

}  // namespace proxy_bench
