#pragma once
// A provider-sim fleet plus the real failover-proxy in front of it, on 127.0.0.1 with
// ephemeral ports, for one test. The proxy runs with a fresh token (read from its ready file),
// a memory: state store and an access log; requests go through lifeline's own HTTP client.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/http/curl_transport.hpp>

#include "support/sim_process.hpp"
#include "support/temp_dir.hpp"

namespace proxy_it {

class ProxyRig {
  public:
    // `fleet_yaml`: provider-sim fleet with instances named in `config_yaml` as
    // {{url:NAME}} (replaced by "http://127.0.0.1:PORT"). `config_yaml` is lifeline.yaml.
    ProxyRig(const std::string& fleet_yaml, const std::string& config_yaml,
             std::vector<std::string> extra_args = {});
    ~ProxyRig();

    bool ready() const { return !m_url.empty(); }
    const std::string& url() const { return m_url; }
    const std::string& token() const { return m_token; }

    // POST `body` to `path` with the token as a Bearer key (or `headers` as given).
    lifeline::http::HttpResponse post(const std::string& path, const std::string& body,
                                      lifeline::http::Headers headers = {}, bool with_token = true);
    lifeline::http::HttpResponse get(const std::string& path, bool with_token = true);

    // The access log's lines, parsed.
    std::vector<nlohmann::json> access_log() const;
    // provider-sim's /_sim/stats of instance `name`.
    nlohmann::json sim_stats(const std::string& name);

    // Sends `signal_number` and waits (bounded); the proxy's exit status.
    int stop(int signal_number);
    std::string stderr_text() const;

  private:
    lifeline::testing::TempDir m_dir{"failover-proxy-it"};
    lifeline::testing::YamlSim m_sim;
    lifeline::http::CurlTransport m_http;
    pid_t m_pid = -1;
    std::string m_url;
    std::string m_token;
};

}  // namespace proxy_it
