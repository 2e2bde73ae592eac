#pragma once
// The requests the bench sends: one ~1 KB conversation (a system prompt and a user turn) in
// each client API's shape, and whole HTTP/1.1 requests around them.

#include <string>
#include <utility>
#include <vector>

namespace proxy_bench {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The same conversation as a Chat Completions, Responses or Anthropic Messages body.
std::string chat_body(const std::string& model, bool stream);
std::string responses_body(const std::string& model, bool stream);
std::string messages_body(const std::string& model, bool stream);

// "POST path HTTP/1.1" with Host, Content-Type, Content-Length, `headers` and `body`.
std::string http_post(const std::string& path, const HeaderList& headers, const std::string& body);

}  // namespace proxy_bench
