#pragma once
// What the HTTPS tests put around failover-proxy, all on 127.0.0.1: a test CA and a
// certificate for 127.0.0.1 made with the openssl CLI, and this folder's Python helpers
// (tls_front.py, a TLS front for provider-sim; connect_proxy.py, an HTTP CONNECT proxy) as
// bounded child processes.

#include <string>
#include <vector>

#include <sys/types.h>

#include "support/temp_dir.hpp"

namespace proxy_it {

// The absolute path of the executable `name` on the test's PATH; "" when there is none.
std::string find_on_path(const std::string& name);

// A fresh CA and a server certificate for IP 127.0.0.1 (subjectAltName) signed by it, in a
// temporary directory removed at destruction. Made by `openssl` (a path) in the constructor;
// ok() is false, with error() saying which step failed, when it could not be.
class TestCa {
  public:
    explicit TestCa(const std::string& openssl);

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    std::string ca_file() const { return m_dir.path() + "/ca.pem"; }
    // A directory holding only the CA, hashed for OpenSSL (SSL_CERT_DIR, CURLOPT_CAPATH).
    std::string ca_directory() const { return m_dir.path() + "/certs"; }
    std::string server_cert() const { return m_dir.path() + "/server.pem"; }
    std::string server_key() const { return m_dir.path() + "/server.key"; }

  private:
    lifeline::testing::TempDir m_dir{"failover-proxy-ca"};
    std::string m_error;
};

// One Python helper from this folder, run as `python script args... --ready-file FILE` and
// waited for (bounded, 15 s) until FILE names its port. SIGKILLed at destruction; the scripts
// also end themselves after two minutes.
class ScriptProcess {
  public:
    ScriptProcess(const std::string& python, const std::string& script,
                  std::vector<std::string> args);
    ~ScriptProcess();
    ScriptProcess(const ScriptProcess&) = delete;
    ScriptProcess& operator=(const ScriptProcess&) = delete;

    bool ready() const { return m_port > 0; }
    int port() const { return m_port; }
    std::string stderr_text() const { return m_dir.read("stderr"); }

  private:
    lifeline::testing::TempDir m_dir{"failover-proxy-script"};
    pid_t m_pid = -1;
    int m_port = 0;
};

}  // namespace proxy_it
