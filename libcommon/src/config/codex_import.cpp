// The one border where toml++ (which throws) meets lifeline's Results.
#include <algorithm>
#include <map>

// toml++ 3.3 (Debian 12's) asserts on some invalid input it then rejects, e.g. a table header
// `[` followed by a newline (found by the codex_toml fuzz target): its internal assertions are
// off here in every build, as in release builds, so a bad config.toml is a parse error, never
// an abort. ASan and UBSan still check the parser in the sanitizer and fuzz builds.
#ifndef NDEBUG
#define NDEBUG
#define LIFELINE_TOML_NDEBUG_SET
#endif
#include <toml++/toml.h>
#ifdef LIFELINE_TOML_NDEBUG_SET
#undef NDEBUG
#undef LIFELINE_TOML_NDEBUG_SET
#endif

#include <lifeline/config/codex_import.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::config {

namespace {

SourceLocation location_of(const toml::node& node, const std::string& source_name) {
    const toml::source_region& region = node.source();
    return {source_name, static_cast<int>(region.begin.line),
            static_cast<int>(region.begin.column)};
}

Error error_at(const toml::node& node, const std::string& source_name, const std::string& key,
               const std::string& message) {
    return make_error_at(ErrorCode::config, location_of(node, source_name), key, message);
}

// The string at `key` of `table`, "" when absent; a non-string value is an error.
Result<std::string> string_field(const toml::table& table, const std::string& key,
                                 const std::string& path, const std::string& source_name) {
    const toml::node* node = table.get(key);
    if (!node)
        return std::string();
    if (const auto* value = node->as_string())
        return value->get();
    return fail(error_at(*node, source_name, path + "." + key, "expected a string"));
}

Result<int64_t> integer_field(const toml::table& table, const std::string& key,
                              const std::string& path, const std::string& source_name) {
    const toml::node* node = table.get(key);
    if (!node)
        return int64_t{0};
    if (const auto* value = node->as_integer())
        return value->get();
    return fail(error_at(*node, source_name, path + "." + key, "expected an integer"));
}

config::ProviderKind infer_kind(const std::string& base_url, bool has_api_version) {
    if (icontains(base_url, ".openai.azure.com") || has_api_version)
        return config::ProviderKind::azure;
    if (icontains(base_url, "://api.openai.com"))
        return config::ProviderKind::openai;
    if (icontains(base_url, "openrouter.ai"))
        return config::ProviderKind::openrouter;
    return config::ProviderKind::openai_compatible;
}

// Codex's built-in providers, which a config.toml uses without defining them.
std::optional<config::ProviderConfig> builtin_provider(const std::string& id) {
    config::ProviderConfig provider;
    provider.name = id;
    if (id == "openai") {
        provider.kind = config::ProviderKind::openai;
        provider.base_url = config::default_base_url(config::ProviderKind::openai);
        provider.auth.mode = config::AuthConfig::Mode::env;
        provider.auth.env = "OPENAI_API_KEY";
        return provider;
    }
    if (id == "ollama" || id == "oss" || id == "lmstudio") {
        provider.base_url =
            id == "lmstudio" ? "http://localhost:1234/v1" : "http://localhost:11434/v1";
        return provider;
    }
    return std::nullopt;
}

// Codex keys lifeline deliberately does not import, each worth a warning.
void warn_ignored_keys(const toml::table& table, const std::string& path,
                       const std::string& source_name, std::vector<std::string>& warnings) {
    if (table.contains("experimental_bearer_token")) {
        warnings.push_back(source_name + ": " + path +
                           ".experimental_bearer_token ignored: lifeline never reads keys from "
                           "files; set env_key instead");
    }
    if (table.contains("env_http_headers")) {
        warnings.push_back(source_name + ": " + path +
                           ".env_http_headers ignored: declare the header under the provider's "
                           "headers in lifeline.yaml");
    }
}

Result<config::ProviderConfig> read_provider(const std::string& id, const toml::node& node,
                                             const std::string& source_name,
                                             std::vector<std::string>& warnings) {
    const std::string path = "model_providers." + id;
    const toml::table* table = node.as_table();
    if (!table)
        return fail(error_at(node, source_name, path, "expected a table"));

    config::ProviderConfig provider;
    provider.name = id;
    provider.base_url = LIFELINE_TRY(string_field(*table, "base_url", path, source_name));
    if (provider.base_url.empty()) {
        if (auto builtin = builtin_provider(id))
            provider.base_url = builtin->base_url;
        else
            return fail(error_at(node, source_name, path, "base_url is required"));
    }
    const std::string env_key = LIFELINE_TRY(string_field(*table, "env_key", path, source_name));
    if (!env_key.empty()) {
        provider.auth.mode = config::AuthConfig::Mode::env;
        provider.auth.env = env_key;
    }
    if (const toml::node* query = table->get("query_params")) {
        const toml::table* params = query->as_table();
        if (!params)
            return fail(error_at(*query, source_name, path + ".query_params", "expected a table"));
        provider.api_version =
            LIFELINE_TRY(string_field(*params, "api-version", path + ".query_params", source_name));
    }
    if (const toml::node* headers = table->get("http_headers")) {
        const toml::table* values = headers->as_table();
        if (!values)
            return fail(
                error_at(*headers, source_name, path + ".http_headers", "expected a table"));
        for (const auto& [key, value] : *values) {
            const std::string name(key.str());
            provider.headers[name] =
                LIFELINE_TRY(string_field(*values, name, path + ".http_headers", source_name));
        }
    }
    warn_ignored_keys(*table, path, source_name, warnings);
    // request_max_retries & co. are Codex's own retry layer; lifeline regenerates them.
    provider.kind = infer_kind(provider.base_url, !provider.api_version.empty());
    return provider;
}

struct ModelRef {
    std::string model;
    std::string provider;
    int64_t context_window = 0;
    const toml::node* where = nullptr;
    std::string path;
};

Result<std::optional<ModelRef>> read_model_ref(const toml::table& table, const std::string& path,
                                               const std::string& source_name) {
    const std::string prefix = path.empty() ? "" : path;
    ModelRef ref;
    ref.model = LIFELINE_TRY(string_field(table, "model", prefix, source_name));
    if (ref.model.empty())
        return std::optional<ModelRef>();
    ref.provider = LIFELINE_TRY(string_field(table, "model_provider", prefix, source_name));
    if (ref.provider.empty())
        ref.provider = "openai";  // Codex's default provider
    ref.context_window =
        LIFELINE_TRY(integer_field(table, "model_context_window", prefix, source_name));
    ref.where = table.get("model_provider") ? table.get("model_provider") : table.get("model");
    ref.path = prefix.empty() ? "model_provider" : prefix + ".model_provider";
    return std::optional<ModelRef>(ref);
}

// Every [model_providers.<id>] table, by id.
Result<std::map<std::string, config::ProviderConfig>> read_providers(
    const toml::table& root, const std::string& source_name, std::vector<std::string>& warnings) {
    std::map<std::string, config::ProviderConfig> providers;
    const toml::node* node = root.get("model_providers");
    if (!node)
        return providers;
    const toml::table* table = node->as_table();
    if (!table)
        return fail(error_at(*node, source_name, "model_providers", "expected a table"));
    for (const auto& [key, value] : *table) {
        const std::string id(key.str());
        providers[id] = LIFELINE_TRY(read_provider(id, value, source_name, warnings));
    }
    return providers;
}

using ProfileTable = std::pair<const toml::table*, std::string>;  // the table and its key path

// The [profiles.<name>] tables in file order, each checked to be a table.
Result<std::vector<ProfileTable>> ordered_profiles(const toml::node& node,
                                                   const std::string& source_name) {
    const toml::table* profiles = node.as_table();
    if (!profiles)
        return fail(error_at(node, source_name, "profiles", "expected a table"));
    std::vector<ProfileTable> ordered;
    for (const auto& [key, value] : *profiles) {
        const std::string path = "profiles." + std::string(key.str());
        const toml::table* profile = value.as_table();
        if (!profile)
            return fail(error_at(value, source_name, path, "expected a table"));
        ordered.emplace_back(profile, path);
    }
    // toml++ keeps keys sorted; the lane should follow the file.
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        return a.first->source().begin < b.first->source().begin;
    });
    return ordered;
}

// The top-level model first, then each profile's that names one.
Result<std::vector<ModelRef>> read_model_refs(const toml::table& root,
                                              const std::string& source_name) {
    std::vector<ModelRef> refs;
    if (auto top = LIFELINE_TRY(read_model_ref(root, "", source_name)))
        refs.push_back(*top);
    const toml::node* node = root.get("profiles");
    if (!node)
        return refs;
    const std::vector<ProfileTable> profiles = LIFELINE_TRY(ordered_profiles(*node, source_name));
    for (const auto& [profile, path] : profiles) {
        if (auto ref = LIFELINE_TRY(read_model_ref(*profile, path, source_name)))
            refs.push_back(*ref);
    }
    return refs;
}

// Adds a Codex built-in to `providers` when `ref` uses one it does not define; an id that is
// neither is an error listing the ids known so far.
Status resolve_provider(const ModelRef& ref,
                        std::map<std::string, config::ProviderConfig>& providers,
                        const std::string& source_name) {
    if (providers.count(ref.provider))
        return {};
    auto builtin = builtin_provider(ref.provider);
    if (!builtin) {
        std::vector<std::string> known;
        for (const auto& [id, p] : providers)
            known.push_back(id);
        return fail(error_at(*ref.where, source_name, ref.path,
                             "unknown model_provider \"" + ref.provider + "\"" +
                                 (known.empty() ? "" : " (known: " + join(known, ", ") + ")")));
    }
    providers[ref.provider] = *builtin;
    return {};
}

// Appends `ref` to the lane and the models, skipping a repeat of the same model and provider.
void add_model(CodexImport& imported, const ModelRef& ref) {
    config::ModelConfig model;
    model.name = ref.model;
    model.id = ref.model;
    model.provider = ref.provider;
    model.context_window = ref.context_window;
    model.capabilities = {"responses", "streaming", "tools"};  // what Codex requires anyway
    const bool duplicate = std::any_of(imported.models.begin(), imported.models.end(),
                                       [&](const config::ModelConfig& m) {
                                           return m.id == model.id && m.provider == model.provider;
                                       });
    if (duplicate)
        return;
    // The same model served by two providers needs two names.
    if (std::any_of(imported.models.begin(), imported.models.end(),
                    [&](const config::ModelConfig& m) { return m.name == model.name; }))
        model.name += "@" + ref.provider;
    imported.lane.chain.push_back(model.name);
    imported.models.push_back(model);
}

Result<CodexImport> import_table(const toml::table& root, const std::string& source_name) {
    CodexImport imported;
    imported.lane.name = k_codex_lane;
    auto providers = LIFELINE_TRY(read_providers(root, source_name, imported.warnings));
    const std::vector<ModelRef> refs = LIFELINE_TRY(read_model_refs(root, source_name));
    for (const ModelRef& ref : refs) {
        LIFELINE_TRY_VOID(resolve_provider(ref, providers, source_name));
        add_model(imported, ref);
    }
    for (auto& [id, provider] : providers)
        imported.providers.push_back(provider);
    return imported;
}

}  // namespace

Result<CodexImport> parse_codex_config(std::string_view toml_text, const std::string& source_name) {
    try {
        toml::table root = toml::parse(toml_text, source_name);
        return import_table(root, source_name);
    } catch (const toml::parse_error& error) {
        return fail(make_error_at(ErrorCode::config,
                                  {source_name, static_cast<int>(error.source().begin.line),
                                   static_cast<int>(error.source().begin.column)},
                                  "", std::string(error.description())));
    }
}

std::vector<std::string> merge_codex_import(config::Config& config, const CodexImport& imported) {
    std::vector<std::string> warnings = imported.warnings;
    std::map<std::string, std::string> provider_names;
    for (config::ProviderConfig provider : imported.providers) {
        const std::string original = provider.name;
        if (config.find_provider(provider.name))
            provider.name += "@codex";
        provider_names[original] = provider.name;
        config.providers.push_back(provider);
    }
    config::LaneConfig lane = imported.lane;
    lane.chain.clear();
    for (config::ModelConfig model : imported.models) {
        model.provider = provider_names[model.provider];
        if (config.find_model(model.name))
            model.name += "@codex";
        lane.chain.push_back(model.name);
        config.models.push_back(model);
    }
    auto existing =
        std::find_if(config.lanes.begin(), config.lanes.end(),
                     [](const config::LaneConfig& l) { return l.name == k_codex_lane; });
    if (existing != config.lanes.end()) {
        warnings.push_back("lane codex of " + config.source +
                           " replaced by the models imported from the Codex config");
        *existing = lane;
    } else {
        config.lanes.push_back(lane);
    }
    return warnings;
}

}  // namespace lifeline::config
