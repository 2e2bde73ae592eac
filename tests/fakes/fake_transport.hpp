#pragma once
// An HttpTransport that answers from a script: each request is recorded and answered by the
// first matching rule (or a 599 transport error when none matches).

#include <functional>
#include <string>
#include <vector>

#include <lifeline/http/transport.hpp>

namespace lifeline::testing {

class FakeTransport final : public http::HttpTransport {
  public:
    using Responder = std::function<http::HttpResult(const http::HttpRequest&)>;

    // Requests whose URL contains `url_part` get `responder`'s answer. Later rules win.
    void on(std::string url_part, Responder responder) {
        m_rules.insert(m_rules.begin(), Rule{std::move(url_part), std::move(responder)});
    }
    // Shorthand: a fixed status, body and headers.
    void respond(std::string url_part, int status, std::string body, http::Headers headers = {}) {
        on(std::move(url_part), [=](const http::HttpRequest& request) -> http::HttpResult {
            http::HttpResponse response{status, headers, body, {}};
            // Like CurlTransport: only 2xx bodies stream; error bodies stay for the classifier.
            if (request.on_body_chunk && !body.empty() && status >= 200 && status < 300) {
                request.on_body_chunk(body);
                response.body.clear();
            }
            return response;
        });
    }
    void fail_with(std::string url_part, http::TransportError::Kind kind, std::string message) {
        on(std::move(url_part), [=](const http::HttpRequest&) -> http::HttpResult {
            return fail(http::TransportError{kind, message, {}, 0});
        });
    }

    http::HttpResult perform(const http::HttpRequest& request) override {
        m_requests.push_back(request);
        for (const Rule& rule : m_rules) {
            if (request.url.find(rule.url_part) != std::string::npos)
                return rule.responder(request);
        }
        return fail(http::TransportError{
            http::TransportError::Kind::connect, "no fake response for " + request.url, {}, 0});
    }
    std::vector<http::HttpResult> perform_all(
        const std::vector<http::HttpRequest>& requests) override {
        std::vector<http::HttpResult> results;
        for (const http::HttpRequest& request : requests)
            results.push_back(perform(request));
        return results;
    }

    const std::vector<http::HttpRequest>& requests() const { return m_requests; }

  private:
    struct Rule {
        std::string url_part;
        Responder responder;
    };
    std::vector<Rule> m_rules;
    std::vector<http::HttpRequest> m_requests;
};

}  // namespace lifeline::testing
