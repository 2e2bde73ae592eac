// failover-proxy's reading of a client request, as an HTTP/1 request text: the request line
// "METHOD target" (routed to an endpoint), header lines up to a blank line, then the body. A
// model call is parsed, its lane chosen in a small config, its neutral form decoded and its
// body rewritten for another model, as the proxy does for each attempt.

#include <lifeline/config/loader.hpp>

#include "client_request.hpp"
#include "endpoint.hpp"
#include "front_desk.hpp"
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "lane_choice.hpp"

namespace lifeline::fuzz {
namespace {

constexpr std::string_view k_proxy_config = R"(version: 1
providers:
  openai: {kind: openai, auth: {env: OPENAI_API_KEY}}
  anthropic: {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}}
models:
  gpt-5.5: {provider: openai, context_window: 400000}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000}
aliases:
  coding-agent-auto: {lane: code}
  "claude-*": {lane: code}
lanes:
  code: [claude-sonnet-4-6, gpt-5.5]
default_lane: code
)";

const config::Config& proxy_config() {
    static const config::Config config = *config::parse_config(k_proxy_config, "lifeline.yaml");
    return config;
}

}  // namespace

int fuzz_proxy_request(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const std::string_view method = input.until(" ");
    const std::string_view target = input.until("\n");
    Headers headers;
    while (!input.empty()) {
        const std::string_view line = input.until("\n");
        if (line.empty())
            break;
        const size_t colon = line.find(':');
        if (colon != std::string_view::npos)
            headers.push_back(
                {std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    const std::string_view body = input.rest();

    const failover_proxy::Endpoint endpoint = failover_proxy::route_endpoint(method, target);
    (void)failover_proxy::query_parameter(target, "key");
    (void)failover_proxy::has_token(headers, target, "local-token");
    if (endpoint.kind == failover_proxy::EndpointKind::models)
        (void)failover_proxy::models_shape(endpoint, headers);
    if (endpoint.kind != failover_proxy::EndpointKind::generate &&
        endpoint.kind != failover_proxy::EndpointKind::count_tokens)
        return 0;

    auto request = failover_proxy::ClientRequest::parse(endpoint, std::string(body), headers);
    if (!request)
        return 0;
    const auto header_lane = find_header(headers, "x-lifeline-lane");
    (void)failover_proxy::choose_lane(proxy_config(), request->model(),
                                      header_lane.value_or(std::string_view{}));
    (void)request->body_for_model("upstream-model");
    (void)request->neutral();
    return 0;
}

}  // namespace lifeline::fuzz
