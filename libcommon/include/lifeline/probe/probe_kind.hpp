#pragma once
// The kinds of probe probe-endpoint sends and which a provider/model can take.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/config/model.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::probe {

enum class ProbeKind {
    auth,      // models list with the kind's auth header (costs no tokens)
    generate,  // one tiny generation on the kind's native API
    stream,    // the same, streamed (measures time to first token)
    tools,     // a generation forcing one tool call
    key,       // OpenRouter key limits; rate-limit headers for the other kinds
};

// "auth", "generate", "stream", "tools", "key".
const char* to_string(ProbeKind kind);

// Parses "auth,stream" (comma separated, order kept, duplicates dropped). ErrorCode::invalid_input
// naming the unknown kind, with a "did you mean" when one is close; also for an empty list.
lifeline::Result<std::vector<ProbeKind>> parse_probe_kinds(std::string_view text);

// True for the kinds that send a generation and therefore need a model (and cost tokens).
bool needs_model(ProbeKind kind);

// Why `kind` cannot be sent to this provider/model; empty when it can. `model` may be null
// (no model configured for the provider). A model whose capabilities list omits "tools" is
// skipped for the tools probe; a model that lists no capabilities at all is probed anyway.
std::string unsupported_reason(ProbeKind kind, const lifeline::config::ProviderConfig& provider,
                               const lifeline::config::ModelConfig* model);

}  // namespace lifeline::probe
