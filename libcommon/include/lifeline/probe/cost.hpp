#pragma once
// What the probes cost in tokens: the usage providers reported, or an estimate where they
// reported none (or the probe failed before an answer). auth and key probes cost nothing.

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include <lifeline/config/model.hpp>
#include <lifeline/probe/probe_kind.hpp>
#include <lifeline/provider/generation.hpp>

namespace lifeline::probe {

struct ProbeResult;

// Tokens one probe costs: the reported total when `usage` is set, else an upper estimate
// (prompt + request overhead in, the probe's max tokens out). 0 for auth and key.
int64_t estimate_probe_tokens(ProbeKind kind,
                              const std::optional<lifeline::provider::Usage>& usage);

// data.cost: {"tokens", "input_tokens", "output_tokens", "basis": "reported"|"estimated"|"none",
// "usd"} over every sent generation probe; usd is null when a probed model has no price.
nlohmann::json summarise_cost(const std::vector<ProbeResult>& results,
                              const lifeline::config::Config& config);

}  // namespace lifeline::probe
