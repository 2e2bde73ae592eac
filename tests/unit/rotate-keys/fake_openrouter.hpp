#pragma once
// A stateful fake of OpenRouter's key-management API and chat endpoint on a FakeTransport:
// minted keys answer 200 until deleted or disabled, then 401 (like a revoked key).

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"

namespace lifeline::rotate::testing {

inline constexpr const char* k_base = "https://openrouter.test/api/v1";

struct FakeKey {
    std::string value;
    std::string name;
    bool live = true;
};

class FakeOpenRouter {
  public:
    explicit FakeOpenRouter(lifeline::testing::FakeTransport& http) {
        http.on("/api/v1/keys", [this](const http::HttpRequest& r) { return keys(r); });
        http.on("/api/v1/chat/completions", [this](const http::HttpRequest& r) { return chat(r); });
    }

    // Adds a live key (the "old" key of a first rotation) and returns its hash.
    std::string seed(const std::string& value, const std::string& name = "seed") {
        const std::string hash = "h" + std::to_string(m_keys.size());
        m_keys[hash] = {value, name, true};
        return hash;
    }
    int live_count() const {
        int count = 0;
        for (const auto& [hash, key] : m_keys)
            count += key.live ? 1 : 0;
        return count;
    }
    bool is_live_value(const std::string& value) const {
        for (const auto& [hash, key] : m_keys) {
            if (key.value == value)
                return key.live;
        }
        return false;
    }
    bool verify_fails = false;  // chat answers 401 for every key
    int chat_calls = 0;

  private:
    http::HttpResult reply(int status, const nlohmann::json& body) {
        return http::HttpResponse{status, {{"content-type", "application/json"}}, body.dump(), {}};
    }
    bool authorised(const http::HttpRequest& request, const std::string& expected) {
        auto auth = http::find_header(request.headers, "Authorization");
        return auth && *auth == "Bearer " + expected;
    }
    http::HttpResult keys(const http::HttpRequest& request) {
        if (!authorised(request, "sk-or-mgmt-0123456789abcdef"))
            return reply(401,
                         {{"error", {{"code", 401}, {"message", "No auth credentials found"}}}});
        const std::string url = request.url;
        const size_t at = url.find("/keys");
        const std::string rest = url.substr(at + 5);
        if (request.method == "GET" && rest.empty()) {
            nlohmann::json data = nlohmann::json::array();
            for (const auto& [hash, key] : m_keys) {
                if (!key.live)
                    continue;
                data.push_back({{"hash", hash},
                                {"name", key.name},
                                {"label", key.value.substr(0, 12) + "..." +
                                              key.value.substr(key.value.size() - 3)},
                                {"disabled", false}});
            }
            return reply(200, {{"data", data}});
        }
        if (request.method == "POST" && rest.empty()) {
            const auto body = nlohmann::json::parse(request.body);
            const std::string hash = "h" + std::to_string(m_keys.size());
            const std::string value =
                "sk-or-v1-minted" + std::to_string(m_keys.size()) + "aaaabbbbccccddddeeeeffff0000";
            m_keys[hash] = {value, body.at("name").get<std::string>(), true};
            return reply(201,
                         {{"data", {{"hash", hash}, {"name", m_keys[hash].name}}}, {"key", value}});
        }
        const std::string hash = rest.substr(1);
        auto it = m_keys.find(hash);
        if (it == m_keys.end() || !it->second.live)
            return reply(404, {{"error", {{"code", 404}, {"message", "Key not found"}}}});
        if (request.method == "DELETE" ||
            (request.method == "PATCH" &&
             request.body.find("\"disabled\":true") != std::string::npos)) {
            it->second.live = false;
            return reply(200, {{"deleted", true}});
        }
        return reply(200, {{"data", {{"hash", hash}}}});
    }
    http::HttpResult chat(const http::HttpRequest& request) {
        ++chat_calls;
        for (const auto& [hash, key] : m_keys) {
            if (key.live && authorised(request, key.value) && !verify_fails)
                return reply(
                    200,
                    {{"id", "gen-1"},
                     {"object", "chat.completion"},
                     {"model", "openai/gpt-5.5"},
                     {"choices",
                      {{{"index", 0},
                        {"message", {{"role", "assistant"}, {"content", "router-ok"}}},
                        {"finish_reason", "stop"}}}},
                     {"usage",
                      {{"prompt_tokens", 9}, {"completion_tokens", 3}, {"total_tokens", 12}}}});
        }
        return reply(401, {{"error",
                            {{
                                 "message",
                                 "User not found.",
                             },
                             {"code", 401}}}});
    }

    std::map<std::string, FakeKey> m_keys;
};

}  // namespace lifeline::rotate::testing
