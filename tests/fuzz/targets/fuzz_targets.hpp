#pragma once
// The fuzz harness bodies, one per parser (targets/<name>.cpp). Each takes any bytes, must never
// crash, hang, leak or trip a sanitizer, and returns 0 (libFuzzer's "keep going"). They abort
// (LIFELINE_FUZZ_CHECK) when a parser breaks a promise its header makes, e.g. a decoded record
// that no longer decodes once encoded.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lifeline::fuzz {

using FuzzBody = int (*)(const uint8_t* data, size_t size);

int fuzz_config_yaml(const uint8_t* data, size_t size);         // lifeline.yaml loader
int fuzz_codex_toml(const uint8_t* data, size_t size);          // Codex config.toml import
int fuzz_sse_parser(const uint8_t* data, size_t size);          // SSE parser, stream events
int fuzz_http_classifier(const uint8_t* data, size_t size);     // status + headers + body
int fuzz_wait_hint(const uint8_t* data, size_t size);           // Retry-After and friends
int fuzz_agent_codex(const uint8_t* data, size_t size);         // Codex CLI output
int fuzz_agent_claude(const uint8_t* data, size_t size);        // Claude Code output
int fuzz_agent_gemini(const uint8_t* data, size_t size);        // Gemini CLI output
int fuzz_budget_logs(const uint8_t* data, size_t size);         // budget-check's log readers
int fuzz_rotate_journal(const uint8_t* data, size_t size);      // rotation journal records
int fuzz_rotate_spec(const uint8_t* data, size_t size);         // lifeline-rotation.yaml
int fuzz_translate_request(const uint8_t* data, size_t size);   // request decoders
int fuzz_translate_response(const uint8_t* data, size_t size);  // response decoders
int fuzz_stream_translator(const uint8_t* data, size_t size);   // stream translators
int fuzz_proxy_request(const uint8_t* data, size_t size);       // failover-proxy requests
int fuzz_sim_scenario(const uint8_t* data, size_t size);        // provider-sim scenario files
int fuzz_state_rows(const uint8_t* data, size_t size);          // state stores' stored rows
int fuzz_budget_ledger(const uint8_t* data, size_t size);       // budget-check on ledger rows
int fuzz_proxy_trail(const uint8_t* data, size_t size);         // the proxy sidecar's log

struct FuzzTarget {
    std::string_view name;  // the <name> of fuzz_<name>, corpus/<name>/, regressions/<name>/
    FuzzBody body;
};

inline constexpr std::array<FuzzTarget, 19> k_fuzz_targets = {{
    {"config_yaml", fuzz_config_yaml},
    {"codex_toml", fuzz_codex_toml},
    {"sse_parser", fuzz_sse_parser},
    {"http_classifier", fuzz_http_classifier},
    {"wait_hint", fuzz_wait_hint},
    {"agent_codex", fuzz_agent_codex},
    {"agent_claude", fuzz_agent_claude},
    {"agent_gemini", fuzz_agent_gemini},
    {"budget_logs", fuzz_budget_logs},
    {"rotate_journal", fuzz_rotate_journal},
    {"rotate_spec", fuzz_rotate_spec},
    {"translate_request", fuzz_translate_request},
    {"translate_response", fuzz_translate_response},
    {"stream_translator", fuzz_stream_translator},
    {"proxy_request", fuzz_proxy_request},
    {"sim_scenario", fuzz_sim_scenario},
    {"state_rows", fuzz_state_rows},
    {"budget_ledger", fuzz_budget_ledger},
    {"proxy_trail", fuzz_proxy_trail},
}};

}  // namespace lifeline::fuzz
