#include "probe_harness.hpp"

#include <chrono>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace probe_it {

std::vector<nlohmann::json> ToolOutcome::results_for(const std::string& target,
                                                     const std::string& probe) const {
    std::vector<nlohmann::json> found;
    if (!doc.is_object() || !doc.contains("data") || !doc["data"].contains("results"))
        return found;
    for (const nlohmann::json& result : doc["data"]["results"]) {
        if (result["target"] == target && (probe.empty() || result["probe"] == probe))
            found.push_back(result);
    }
    return found;
}

nlohmann::json ToolOutcome::result(const std::string& target, const std::string& probe) const {
    const auto found = results_for(target, probe);
    EXPECT_EQ(found.size(), 1u) << "results of " << target << " " << probe << " in:\n" << out;
    return found.empty() ? nlohmann::json::object() : found.front();
}

ToolOutcome run_probe(const std::vector<std::string>& args, const std::string& cwd,
                      const std::map<std::string, std::string>& env) {
    std::map<std::string, std::string> exact = env;
    exact["PATH"] = "/usr/bin:/bin";
    exact["HOME"] = cwd;
    ToolOutcome outcome;
    static_cast<lifeline::testing::ToolOutcome&>(outcome) = lifeline::testing::run_tool(
        PROBE_ENDPOINT_BINARY, args, cwd, std::move(exact), std::chrono::seconds(120));
    return outcome;
}

int closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

const std::vector<SimKind>& sim_kinds() {
    static const std::vector<SimKind> k_kinds = {
        {"openai", "openai", "/v1", true},
        {"azure", "azure", "/openai", false},
        {"anthropic", "anthropic", "", true},
        {"gemini", "gemini", "/v1beta", true},
        {"openrouter", "openrouter", "/api/v1", true},
        {"compat", "openai-compatible", "/v1", true},
    };
    return k_kinds;
}

std::string provider_yaml(const SimKind& kind, const std::string& name, const std::string& url,
                          const std::string& key_variable) {
    std::string yaml = "  " + name + ": {kind: " + kind.kind + ", base_url: \"" + url + kind.path +
                       "\", auth: {env: " + key_variable + "}";
    if (std::string(kind.kind) == "azure")
        yaml += ", api_version: \"2025-04-01-preview\"";
    return yaml + "}\n";
}

std::string providers_yaml(const std::string& url, const std::string& key_variable,
                           const std::string& only) {
    std::string yaml;
    for (const SimKind& kind : sim_kinds()) {
        if (only.empty() || only == kind.name)
            yaml += provider_yaml(kind, kind.name, url, key_variable);
    }
    return yaml;
}

}  // namespace probe_it
