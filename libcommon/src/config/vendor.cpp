#include <array>
#include <utility>

#include <lifeline/config/vendor.hpp>

namespace lifeline::config {
namespace {

// Aggregator organisation prefixes (OpenRouter, Hugging Face repos served by vLLM) -> vendor.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> k_org_vendors = {{
    {"openai", "openai"},
    {"anthropic", "anthropic"},
    {"google", "google"},
    {"deepseek", "deepseek"},
    {"deepseek-ai", "deepseek"},
    {"mistralai", "mistral"},
    {"mistral", "mistral"},
    {"qwen", "qwen"},
    {"meta-llama", "meta"},
    {"meta", "meta"},
    {"x-ai", "xai"},
    {"xai", "xai"},
    {"moonshotai", "moonshot"},
    {"z-ai", "zhipu"},
    {"cohere", "cohere"},
    {"microsoft", "microsoft"},
    {"amazon", "amazon"},
}};

// Bare model id prefixes of well-known families (openai-compatible servers).
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> k_id_prefixes = {{
    {"deepseek", "deepseek"}, {"mistral", "mistral"},   {"codestral", "mistral"},
    {"devstral", "mistral"},  {"magistral", "mistral"}, {"ministral", "mistral"},
    {"pixtral", "mistral"},   {"mixtral", "mistral"},   {"qwen", "qwen"},
    {"qwq", "qwen"},          {"llama", "meta"},        {"codellama", "meta"},
    {"gpt-", "openai"},       {"claude-", "anthropic"}, {"gemini-", "google"},
    {"gemma", "google"},      {"grok-", "xai"},         {"kimi-", "moonshot"},
    {"glm-", "zhipu"},
}};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string vendor_of_org(std::string_view org) {
    const std::string key = lower(org);
    for (const auto& [prefix, vendor] : k_org_vendors) {
        if (key == prefix)
            return std::string(vendor);
    }
    return std::string(k_unknown_vendor);
}

std::string vendor_of_family(std::string_view id) {
    const std::string key = lower(id);
    for (const auto& [prefix, vendor] : k_id_prefixes) {
        if (key.starts_with(prefix))
            return std::string(vendor);
    }
    return std::string(k_unknown_vendor);
}

}  // namespace

std::string default_vendor(ProviderKind kind, std::string_view upstream_id) {
    switch (kind) {
        case ProviderKind::openai:
        case ProviderKind::azure:
            return "openai";
        case ProviderKind::anthropic:
            return "anthropic";
        case ProviderKind::gemini:
            return "google";
        case ProviderKind::openrouter:
        case ProviderKind::openai_compatible:
            break;
    }
    const size_t slash = upstream_id.find('/');
    if (slash != std::string_view::npos)
        return vendor_of_org(upstream_id.substr(0, slash));
    // An aggregator's ids always carry the organisation; a bare one (openrouter/auto's "auto")
    // says nothing about who trained the model that will answer.
    if (kind == ProviderKind::openrouter)
        return std::string(k_unknown_vendor);
    return vendor_of_family(upstream_id);
}

std::string vendor_of(const ModelConfig& model, const ProviderConfig& provider) {
    if (!model.vendor.empty())
        return model.vendor;
    if (!provider.vendor.empty())
        return provider.vendor;
    return default_vendor(provider.kind, model.upstream_id());
}

std::string canonical_vendor(std::string_view name) {
    const std::string vendor = vendor_of_org(name);
    return vendor == k_unknown_vendor ? std::string(name) : vendor;
}

bool is_vendor_name(std::string_view name) {
    if (name.empty() || name.size() > 40 || name.front() < 'a' || name.front() > 'z')
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

}  // namespace lifeline::config
