#include "requests.hpp"

#include <nlohmann/json.hpp>

namespace proxy_bench {

namespace {

using nlohmann::ordered_json;

// Sized so each body is about 1 KB, like a short agent turn.
const std::string k_system =
    "You are a careful coding assistant working inside a repository. Answer briefly, name the "
    "files you would change, and prefer small diffs over rewrites. Never invent APIs: when you "
    "are not sure a function exists, say so and suggest how to check. Keep the existing style "
    "of the code you touch, including naming, error handling and comments.";
const std::string k_user =
    "The load balancer in front of our service returns 502 for about one request in two "
    "hundred since yesterday's deploy. The service logs show no error for those requests, and "
    "the upstream connection pool was changed from 32 to 64 connections in the same deploy. "
    "What are the three most likely causes, in order, and what would you look at first to "
    "tell them apart? Please keep the answer under ten lines and skip general advice about "
    "monitoring; we already have dashboards for latency, errors and saturation.";

std::string finish(ordered_json body, bool stream) {
    if (stream)
        body["stream"] = true;
    return body.dump();
}

}  // namespace

std::string chat_body(const std::string& model, bool stream) {
    return finish(
        {{"model", model},
         {"max_tokens", 256},
         {"messages",
          {{{"role", "system"}, {"content", k_system}}, {{"role", "user"}, {"content", k_user}}}}},
        stream);
}

std::string responses_body(const std::string& model, bool stream) {
    return finish({{"model", model},
                   {"max_output_tokens", 256},
                   {"instructions", k_system},
                   {"input", {{{"role", "user"}, {"content", k_user}}}}},
                  stream);
}

std::string messages_body(const std::string& model, bool stream) {
    return finish({{"model", model},
                   {"max_tokens", 256},
                   {"system", k_system},
                   {"messages", {{{"role", "user"}, {"content", k_user}}}}},
                  stream);
}

std::string http_post(const std::string& path, const HeaderList& headers, const std::string& body) {
    std::string request = "POST " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    request += body;
    return request;
}

}  // namespace proxy_bench
