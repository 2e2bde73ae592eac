#pragma once
// The servers of one bench run, all on 127.0.0.1: provider-sim (a fleet of two instances:
// "fast", healthy with no delay, and "drip", whose streams drip one word every 2 s so they
// stay open), failover-proxy in front of it (--state memory:, lanes "pass", "translate" and
// "hold"), and optionally the Portkey gateway.

#include <memory>
#include <string>

#include "rig.hpp"

namespace proxy_bench {

struct StackPaths {
    std::string proxy;           // failover-proxy binary
    std::string sim;             // provider-sim binary
    std::string portkey_script;  // @portkey-ai/gateway's build/start-server.js
    std::string work_dir;        // configs, ready files and logs
};

inline constexpr const char* k_sim_key = "sk-sim-bench-not-a-real-key-0001";

class Stack {
  public:
    Stack(StackPaths paths, Pinning pinning) : m_paths(std::move(paths)), m_pinning(pinning) {}

    // Each returns "" on success, else why it failed.
    // Runs private copies of the proxy and sim binaries from the work dir: the whole run uses
    // one build even when the shared build dir is relinked meanwhile.
    std::string copy_binaries();
    std::string start_sim();
    std::string start_proxy();  // needs the sim
    // A fresh proxy process (new port and token) in place of the running one.
    std::string restart_proxy();
    // Portkey is optional: on failure portkey_note() says why and portkey() is null.
    void start_portkey();

    uint16_t fast_port() const { return m_fast_port; }
    uint16_t drip_port() const { return m_drip_port; }
    uint16_t proxy_port() const { return m_proxy_port; }
    const std::string& proxy_token() const { return m_token; }
    uint16_t portkey_port() const { return m_portkey_port; }
    const std::string& portkey_note() const { return m_portkey_note; }
    Child* sim() { return m_sim.get(); }
    Child* proxy() { return m_proxy.get(); }
    Child* portkey() { return m_portkey.get(); }
    std::string proxy_flags() const { return m_proxy_flags; }

  private:
    std::string path(const std::string& name) const { return m_paths.work_dir + "/" + name; }

    StackPaths m_paths;
    Pinning m_pinning;
    std::unique_ptr<Child> m_sim;
    std::unique_ptr<Child> m_proxy;
    std::unique_ptr<Child> m_portkey;
    uint16_t m_fast_port = 0;
    uint16_t m_drip_port = 0;
    uint16_t m_proxy_port = 0;
    uint16_t m_portkey_port = 0;
    std::string m_token;
    std::string m_portkey_note;
    std::string m_proxy_flags;
};

}  // namespace proxy_bench
