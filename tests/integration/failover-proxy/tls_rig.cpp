#include "tls_rig.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/child_process.hpp"
#include "support/tool_run.hpp"

namespace proxy_it {

namespace {

// Extensions for both certificates. EC keys: much quicker to make than RSA ones.
const char* k_openssl_config = R"([req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

}  // namespace

std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return {};
}

TestCa::TestCa(const std::string& openssl) {
    const std::string dir = m_dir.path();
    const std::string config = m_dir.write("openssl.cnf", k_openssl_config);
    const std::vector<std::string> new_key = {"-newkey", "ec", "-pkeyopt",
                                              "ec_paramgen_curve:prime256v1", "-nodes"};
    auto with_key = [&](std::vector<std::string> args) {
        args.insert(args.begin() + 1, new_key.begin(), new_key.end());
        return args;
    };
    const std::vector<std::pair<std::string, std::vector<std::string>>> steps = {
        {"make the CA",
         with_key({"req", "-x509", "-config", config, "-extensions", "ca", "-keyout", "ca.key",
                   "-out", "ca.pem", "-days", "2", "-subj", "/CN=lifeline test CA"})},
        {"make the server key", with_key({"req", "-new", "-config", config, "-keyout", "server.key",
                                          "-out", "server.csr", "-subj", "/CN=127.0.0.1"})},
        {"sign the server certificate",
         {"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial",
          "2", "-days", "2", "-extfile", config, "-extensions", "server", "-out", "server.pem"}},
    };
    for (const auto& [what, args] : steps) {
        auto run = lifeline::testing::run_tool(openssl, args, dir, {}, std::chrono::seconds(30));
        if (run.exit_code != 0) {
            m_error = "openssl could not " + what + ": " + run.err;
            return;
        }
    }
    std::error_code failed;
    std::filesystem::create_directory(ca_directory(), failed);
    std::filesystem::copy_file(ca_file(), ca_directory() + "/ca.pem", failed);
    auto rehash = lifeline::testing::run_tool(openssl, {"rehash", ca_directory()}, dir, {},
                                              std::chrono::seconds(30));
    if (failed || rehash.exit_code != 0)
        m_error = "openssl could not hash the CA directory: " + rehash.err;
}

ScriptProcess::ScriptProcess(const std::string& python, const std::string& script,
                             std::vector<std::string> args) {
    const std::string ready = m_dir.path() + "/ready";
    lifeline::testing::ChildSpec spec;
    spec.argv = {python, std::string(PROXY_IT_SCRIPT_DIR) + "/" + script};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.argv.insert(spec.argv.end(), {"--ready-file", ready});
    spec.stdout_path = m_dir.path() + "/stdout";
    spec.stderr_path = m_dir.path() + "/stderr";
    m_pid = lifeline::testing::spawn_child(spec);
    // A pyenv shim alone can take a second to start Python.
    for (int i = 0; i < 1500 && m_pid > 0; ++i) {
        // The scripts write the ready file atomically: once it exists it is complete.
        const std::string text = lifeline::testing::read_text_file(ready);
        if (!text.empty()) {
            m_port = std::atoi(text.c_str());
            return;
        }
        if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

ScriptProcess::~ScriptProcess() {
    if (m_pid <= 0)
        return;
    kill(m_pid, SIGKILL);
    lifeline::testing::wait_child(m_pid, std::chrono::seconds(5));
}

}  // namespace proxy_it
