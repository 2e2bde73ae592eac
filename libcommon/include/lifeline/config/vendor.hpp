#pragma once
// A model's vendor: the family that trained it (openai, anthropic, google, deepseek, mistral,
// qwen, meta, xai, ...), as distinct from the provider that serves it. Cross-vendor review
// (routing/vendor_rule.hpp) compares vendors; the usage ledger records one per attempt.

#include <string>
#include <string_view>

#include <lifeline/config/model.hpp>

namespace lifeline::config {

// The vendor of a model nobody can name: never counts as different from another vendor.
inline constexpr std::string_view k_unknown_vendor = "unknown";

// The vendor a model gets when the config names none, from its provider's kind and upstream id:
//   openai, azure -> openai; anthropic -> anthropic; gemini -> google;
//   openrouter -> the id's "<org>/" prefix (anthropic/claude-sonnet-4-6 -> anthropic,
//     meta-llama/... -> meta, mistralai/... -> mistral, x-ai/... -> xai; see vendor.cpp);
//   openai-compatible -> the "<org>/" prefix when there is one, else the id's family prefix
//     (deepseek-, mistral-/codestral-/devstral-, qwen, llama, gpt-, claude-, gemini-, grok-).
// "unknown" when none of these applies (e.g. openrouter/auto, a local "my-finetune").
std::string default_vendor(ProviderKind kind, std::string_view upstream_id);

// The vendor of `model` served by `provider`: models.<m>.vendor, else providers.<p>.vendor,
// else default_vendor(provider.kind, model.upstream_id()).
std::string vendor_of(const ModelConfig& model, const ProviderConfig& provider);

// The one spelling of a vendor: an organisation's other names (x-ai -> xai, meta-llama -> meta,
// mistralai -> mistral, deepseek-ai -> deepseek, moonshotai -> moonshot, z-ai -> zhipu; the
// table default_vendor reads) map to the name the defaults give, so `--avoid-vendor x-ai` and
// `vendor: meta-llama` match them. Any other name is returned as it is.
std::string canonical_vendor(std::string_view name);

// Whether `name` may be written as a vendor: lower-case letters, digits and '-', starting with a
// letter ("openai", "meta", "x-ai"), at most 40 characters.
bool is_vendor_name(std::string_view name);

}  // namespace lifeline::config
