// A provider's HTTP answer, shaped like the kind's (the first byte): the status (next two
// bytes), headers ("Name: value" lines up to a blank line, after the kind's own rate-limit
// headers when the third bit of the first byte is set) and the body (the rest). Classified,
// and a 2xx body is read as the kind's native generation.

#include <lifeline/classify/http_classifier.hpp>
#include <lifeline/classify/provider_error.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/provider/generation.hpp>
#include <lifeline/provider/wire_api.hpp>

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace lifeline::fuzz {
namespace {

constexpr std::array<config::ProviderKind, 6> k_kinds = {
    config::ProviderKind::openai,     config::ProviderKind::azure,
    config::ProviderKind::anthropic,  config::ProviderKind::gemini,
    config::ProviderKind::openrouter, config::ProviderKind::openai_compatible,
};

// The rate-limit headers each kind sends, with values a fuzzer would take long to guess.
Headers kind_headers(config::ProviderKind kind) {
    switch (kind) {
        case config::ProviderKind::openai:
        case config::ProviderKind::azure:
            return {{"x-ratelimit-remaining-requests", "0"},
                    {"x-ratelimit-reset-requests", "6m0s"},
                    {"x-ratelimit-remaining-tokens", "10"},
                    {"x-ratelimit-reset-tokens", "2m59.56s"},
                    {"retry-after-ms", "1500"}};
        case config::ProviderKind::anthropic:
            return {{"anthropic-ratelimit-requests-remaining", "0"},
                    {"anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z"},
                    {"anthropic-ratelimit-tokens-remaining", "5"},
                    {"anthropic-ratelimit-tokens-reset", "2026-01-01T00:01:00Z"},
                    {"retry-after", "30"}};
        default:
            return {{"retry-after", "Thu, 01 Jan 2026 00:00:20 GMT"}};
    }
}

Headers parse_headers(std::string_view block) {
    Headers headers;
    while (!block.empty()) {
        const size_t end = block.find('\n');
        const std::string_view line = block.substr(0, end);
        block.remove_prefix(end == std::string_view::npos ? block.size() : end + 1);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        headers.push_back(
            {std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    return headers;
}

}  // namespace

int fuzz_http_classifier(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const uint8_t selector = input.byte();
    const config::ProviderKind kind = k_kinds[selector % k_kinds.size()];
    const int status = 100 + ((input.byte() << 8 | input.byte()) % 500);
    Headers headers = (selector & 0x8) ? kind_headers(kind) : Headers{};
    for (auto& header : parse_headers(input.until("\n\n")))
        headers.push_back(std::move(header));
    const std::string_view body = input.rest();

    const Classification verdict = classify_http_response({status, headers, body}, fuzz_now());
    if (status >= 400)
        LIFELINE_FUZZ_CHECK(verdict.failure_class.has_value());
    (void)parse_provider_error(body);
    if (status >= 200 && status < 300) {
        config::ProviderConfig provider;
        provider.kind = kind;
        (void)provider::read_generation(provider::native_wire_api(provider, nullptr), body);
    }
    return 0;
}

}  // namespace lifeline::fuzz
