// failover-proxy to an HTTPS upstream: a private CA named by CURL_CA_BUNDLE, SSL_CERT_FILE or
// SSL_CERT_DIR is trusted; without it the attempt fails as `tls` and the request fails over;
// HTTPS_PROXY tunnels through a CONNECT proxy unless NO_PROXY names the host. The upstream is
// provider-sim behind tls_front.py with a certificate from a CA made at test time; the proxy
// is connect_proxy.py. Everything on 127.0.0.1.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "proxy_harness.hpp"
#include "tls_rig.hpp"

namespace proxy_it {
namespace {

using nlohmann::json;

const char* k_chat = R"({"model":"code","messages":[{"role":"user","content":"Say hi"}]})";

std::string reply_of(const lifeline::http::HttpResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    if (body.is_discarded() || !body.contains("choices"))
        return "(no reply) " + response.body;
    return body["choices"][0]["message"]["content"].get<std::string>();
}

// The proxy's own fleet: the plain-HTTP fallback.
const char* k_plain_fleet = "version: 1\nproviders:\n  plain: {reply: \"Hello over HTTP.\"}\n";

class FailoverProxyTls : public ::testing::Test {
  protected:
    void SetUp() override {
        m_python = find_on_path("python3");
        const std::string openssl = find_on_path("openssl");
        if (m_python.empty() || openssl.empty())
            GTEST_SKIP() << (m_python.empty() ? "python3" : "openssl") << " is not on PATH";
        m_ca = std::make_unique<TestCa>(openssl);
        ASSERT_TRUE(m_ca->ok()) << m_ca->error();
        m_upstream = std::make_unique<lifeline::testing::YamlSim>(
            "version: 1\nproviders:\n  secure: {reply: \"Hello over TLS.\"}\n",
            std::vector<std::string>{}, lifeline::testing::YamlSim::Mode::fleet);
        ASSERT_TRUE(m_upstream->ready());
        m_front = std::make_unique<ScriptProcess>(
            m_python, "tls_front.py",
            std::vector<std::string>{"--cert", m_ca->server_cert(), "--key", m_ca->server_key(),
                                     "--upstream", std::to_string(m_upstream->port())});
        ASSERT_TRUE(m_front->ready()) << m_front->stderr_text();
    }

    // Lane `code` tries the HTTPS upstream first, then the plain one.
    std::string config() const {
        return "version: 1\n"
               "providers:\n"
               "  secure: {kind: openai-compatible, base_url: \"https://127.0.0.1:" +
               std::to_string(m_front->port()) +
               "/v1\", auth: {env: SIM_KEY}}\n"
               "  plain: {kind: openai-compatible, base_url: \"{{url:plain}}/v1\", "
               "auth: {env: SIM_KEY}}\n"
               "models:\n"
               "  over-tls: {provider: secure, id: qwen3-coder}\n"
               "  over-http: {provider: plain, id: qwen3-coder}\n"
               "lanes:\n"
               "  code: [over-tls, over-http]\n";
    }

    static ProxyOptions with_env(std::map<std::string, std::string> env) {
        ProxyOptions options;
        options.extra_env = std::move(env);
        return options;
    }

    // A connect_proxy.py logging its CONNECT targets to connects_log().
    std::unique_ptr<ScriptProcess> start_connect_proxy() {
        return std::make_unique<ScriptProcess>(m_python, "connect_proxy.py",
                                               std::vector<std::string>{"--log", connects_log()});
    }
    std::string connects_log() const { return m_dir.path() + "/connects.log"; }

    lifeline::testing::TempDir m_dir{"failover-proxy-tls"};
    std::string m_python;
    std::unique_ptr<TestCa> m_ca;
    std::unique_ptr<lifeline::testing::YamlSim> m_upstream;
    std::unique_ptr<ScriptProcess> m_front;
};

TEST_F(FailoverProxyTls, TrustsAPrivateCaNamedByCurlCaBundle) {
    ProxyRig rig(k_plain_fleet, config(), with_env({{"CURL_CA_BUNDLE", m_ca->ca_file()}}));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/chat/completions", k_chat);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(reply_of(response), "Hello over TLS.");
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_classes(log[0]), (std::vector<std::string>{"ok"}));
}

TEST_F(FailoverProxyTls, TrustsAPrivateCaNamedBySslCertFileOrSslCertDir) {
    const std::vector<std::pair<std::string, std::string>> settings = {
        {"SSL_CERT_FILE", m_ca->ca_file()}, {"SSL_CERT_DIR", m_ca->ca_directory()}};
    for (const auto& [name, value] : settings) {
        SCOPED_TRACE(name);
        ProxyRig rig(k_plain_fleet, config(), with_env({{name, value}}));
        ASSERT_TRUE(rig.ready());
        auto response = rig.post("/v1/chat/completions", k_chat);
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(reply_of(response), "Hello over TLS.");
    }
}

TEST_F(FailoverProxyTls, AnUntrustedCertificateFailsAsTlsAndFailsOverToPlainHttp) {
    // Without the CA (libcurl's default bundle does not have it), and with a bundle path that
    // cannot be read.
    const std::vector<std::map<std::string, std::string>> environments = {
        {}, {{"CURL_CA_BUNDLE", m_dir.path() + "/missing.pem"}}};
    for (const auto& env : environments) {
        SCOPED_TRACE(env.empty() ? "no CA settings" : "missing bundle");
        ProxyRig rig(k_plain_fleet, config(), with_env(env));
        ASSERT_TRUE(rig.ready());
        auto response = rig.post("/v1/chat/completions", k_chat);
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(reply_of(response), "Hello over HTTP.");
        auto log = rig.access_log();
        ASSERT_EQ(log.size(), 1u);
        // The proxy never retries a TLS failure on the same candidate: it falls back at once.
        EXPECT_EQ(attempt_classes(log[0]), (std::vector<std::string>{"tls", "ok"}));
        EXPECT_EQ(attempt_candidates(log[0]),
                  (std::vector<std::string>{"secure/over-tls", "plain/over-http"}));
    }
}

TEST_F(FailoverProxyTls, HttpsProxyTunnelsToTheTlsUpstream) {
    auto connect_proxy = start_connect_proxy();
    ASSERT_TRUE(connect_proxy->ready()) << connect_proxy->stderr_text();
    // libcurl exempts no host by itself, not even loopback: an empty NO_PROXY proxies all.
    ProxyRig rig(
        k_plain_fleet, config(),
        with_env({{"CURL_CA_BUNDLE", m_ca->ca_file()},
                  {"HTTPS_PROXY", "http://127.0.0.1:" + std::to_string(connect_proxy->port())},
                  {"NO_PROXY", ""}}));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/chat/completions", k_chat);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(reply_of(response), "Hello over TLS.");
    EXPECT_EQ(lifeline::testing::read_text_file(connects_log()),
              "127.0.0.1:" + std::to_string(m_front->port()) + "\n");
}

TEST_F(FailoverProxyTls, NoProxyNamingTheHostGoesDirect) {
    auto connect_proxy = start_connect_proxy();
    ASSERT_TRUE(connect_proxy->ready()) << connect_proxy->stderr_text();
    ProxyRig rig(
        k_plain_fleet, config(),
        with_env({{"CURL_CA_BUNDLE", m_ca->ca_file()},
                  {"HTTPS_PROXY", "http://127.0.0.1:" + std::to_string(connect_proxy->port())},
                  {"NO_PROXY", "127.0.0.1"}}));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/chat/completions", k_chat);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(reply_of(response), "Hello over TLS.");
    EXPECT_EQ(lifeline::testing::read_text_file(connects_log()), "");
}

}  // namespace
}  // namespace proxy_it
