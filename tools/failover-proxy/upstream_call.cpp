#include "upstream_call.hpp"

#include <algorithm>
#include <array>

#include <lifeline/provider/request_builder.hpp>
#include <lifeline/provider/wire_api.hpp>
#include <lifeline/util/strings.hpp>

namespace failover_proxy {

using lifeline::config::ProviderKind;
using lifeline::provider::WireApi;
using lifeline::translate::Api;

namespace {

WireApi to_wire(Api api) {
    switch (api) {
        case Api::responses:
            return WireApi::responses;
        case Api::chat:
            return WireApi::chat_completions;
        case Api::messages:
            return WireApi::anthropic_messages;
        case Api::gemini:
            return WireApi::gemini;
    }
    return WireApi::chat_completions;
}

Api from_wire(WireApi api) {
    switch (api) {
        case WireApi::responses:
            return Api::responses;
        case WireApi::chat_completions:
            return Api::chat;
        case WireApi::anthropic_messages:
            return Api::messages;
        case WireApi::gemini:
            return Api::gemini;
    }
    return Api::chat;
}

bool provider_speaks(ProviderKind kind, Api api) {
    switch (api) {
        case Api::messages:
            return kind == ProviderKind::anthropic;
        case Api::gemini:
            return kind == ProviderKind::gemini;
        case Api::responses:
            return kind == ProviderKind::openai || kind == ProviderKind::openai_compatible;
        case Api::chat:
            return kind == ProviderKind::openai || kind == ProviderKind::openai_compatible ||
                   kind == ProviderKind::azure || kind == ProviderKind::openrouter;
    }
    return false;
}

// Betas third-party Anthropic-compatible servers accept (they reject unknown ones).
constexpr std::array<std::string_view, 6> k_portable_betas = {
    "prompt-caching-2024-07-31",       "fine-grained-tool-streaming-2025-05-14",
    "interleaved-thinking-2025-05-14", "token-efficient-tools-2025-02-19",
    "output-128k-2025-02-19",          "context-1m-2025-08-07",
};

}  // namespace

Api upstream_api(const lifeline::routing::RouteCandidate& candidate, Api client) {
    const auto& provider = candidate.provider;
    if (candidate.model.has_capability("responses") &&
        provider_speaks(provider.kind, Api::responses))
        return Api::responses;
    if (provider_speaks(provider.kind, client))
        return client;
    return from_wire(lifeline::provider::native_wire_api(provider, &candidate.model));
}

std::string betas_for_upstream(const lifeline::config::ProviderConfig& provider,
                               std::string_view client_betas) {
    if (client_betas.empty())
        return {};
    if (provider.base_url.find("://api.anthropic.com") != std::string::npos)
        return std::string(client_betas);
    std::vector<std::string> kept;
    for (const std::string& beta : lifeline::split_list(client_betas)) {
        if (std::find(k_portable_betas.begin(), k_portable_betas.end(), beta) !=
            k_portable_betas.end())
            kept.push_back(beta);
    }
    return lifeline::join(kept, ",");
}

lifeline::Result<UpstreamCall> build_upstream_call(
    ClientRequest& client, const lifeline::routing::RouteCandidate& candidate,
    const lifeline::secret::Secret* credential) {
    UpstreamCall call;
    call.api = upstream_api(candidate, client.api());
    const std::string& model_id = candidate.model.upstream_id();
    call.pass_through = call.api == client.api();
    if (call.pass_through) {
        call.request.body = client.body_for_model(model_id);
    } else {
        const lifeline::translate::Request* neutral = LIFELINE_TRY(client.neutral());
        lifeline::translate::Request upstream = *neutral;
        upstream.model = model_id;
        lifeline::translate::EncodeReport report;
        call.request.body = lifeline::translate::encode_request(call.api, upstream, report);
        call.dropped = std::move(report.dropped);
        if (call.api != Api::responses)
            call.custom_tools = lifeline::translate::custom_tool_names(upstream);
    }
    const bool stream = client.stream();
    call.request.method = "POST";
    call.request.url =
        lifeline::provider::generate_url(candidate.provider, to_wire(call.api), model_id, stream);
    call.request.headers = lifeline::provider::request_headers(candidate.provider, credential);
    call.request.headers.push_back({"Content-Type", "application/json"});
    if (stream)
        call.request.headers.push_back({"Accept", "text/event-stream"});
    if (call.api == Api::messages) {
        const std::string betas = betas_for_upstream(candidate.provider, client.anthropic_beta());
        if (!betas.empty())
            call.request.headers.push_back({"anthropic-beta", betas});
    }
    return call;
}

}  // namespace failover_proxy
