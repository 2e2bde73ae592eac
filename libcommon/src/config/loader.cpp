#include <lifeline/config/loader.hpp>
#include <lifeline/config/yaml_reader.hpp>

#include "sections.hpp"

namespace lifeline::config {
namespace {

const std::vector<std::string> k_top_level_keys = {"version", "providers",    "models", "lanes",
                                                   "aliases", "default_lane", "retry",  "budget",
                                                   "policy",  "circuit",      "state",  "classify"};

constexpr const char* k_embedded_source = "<embedded default>";

Result<Config> build_config(const YamlNode& root, const std::string& source_name) {
    Config config;
    config.source = source_name;
    if (!root.is_map() && !root.is_null()) {
        return fail(
            root.error("expected a map of sections (version, providers, models, lanes,"
                       " ...), got " +
                       root.kind_name()));
    }
    LIFELINE_TRY_VOID(root.check_keys(k_top_level_keys));
    if (const auto version = root.get("version")) {
        const int64_t value = LIFELINE_TRY(version->as_int64());
        if (value != 1) {
            return fail(version->error("unsupported version " + std::to_string(value) +
                                       " (this lifeline reads version: 1)"));
        }
        config.version = 1;
    }
    // Sections are read in dependency order so a reference error never hides a shape error
    // in the section it points to.
    if (const auto node = root.get("providers"))
        LIFELINE_TRY_VOID(detail::read_providers(*node, config));
    if (const auto node = root.get("models"))
        LIFELINE_TRY_VOID(detail::read_models(*node, config));
    if (const auto node = root.get("lanes"))
        LIFELINE_TRY_VOID(detail::read_lanes(*node, config));
    if (const auto node = root.get("aliases"))
        LIFELINE_TRY_VOID(detail::read_aliases(*node, config));
    if (const auto node = root.get("default_lane"))
        LIFELINE_TRY_VOID(detail::read_default_lane(*node, config));
    if (const auto node = root.get("retry"))
        LIFELINE_TRY_VOID(detail::read_retry(*node, config.retry));
    if (const auto node = root.get("budget"))
        LIFELINE_TRY_VOID(detail::read_budget(*node, config.budget));
    if (const auto node = root.get("policy"))
        LIFELINE_TRY_VOID(detail::read_policy(*node, config.policy));
    if (const auto node = root.get("circuit"))
        LIFELINE_TRY_VOID(detail::read_circuit(*node, config.circuit));
    if (const auto node = root.get("state"))
        LIFELINE_TRY_VOID(detail::read_state(*node, config.state));
    if (const auto node = root.get("classify"))
        LIFELINE_TRY_VOID(detail::read_classify(*node, config.classify));
    LIFELINE_TRY_VOID(detail::validate_references(root, config));
    LIFELINE_TRY_VOID(detail::validate_aliases(root, config));

    for (auto& [path, where] : root.all_locations()) {
        if (!path.empty())
            config.locations[path] = where;
    }
    return config;
}

// A discovered file that fails to load keeps its own error; one that vanished between the
// exists() check and the read is reported like any missing file.
Result<Config> load_named(const FileSystem& fs, const std::string& path, const char* origin) {
    if (!fs.exists(path)) {
        return fail(ErrorCode::config,
                    "config file \"" + path + "\" (from " + origin + ") does not exist");
    }
    return load_config_file(fs, path);
}

}  // namespace

Result<Config> parse_config(std::string_view yaml_text, const std::string& source_name) {
    const YamlNode root = LIFELINE_TRY(parse_yaml(yaml_text, source_name));
    return build_config(root, source_name);
}

Result<Config> load_config_file(const FileSystem& fs, const std::string& path) {
    auto text = fs.read_file(path);
    if (!text) {
        Error error = std::move(text).error();
        if (error.code != ErrorCode::not_found)
            error.message = "cannot read config file \"" + path + "\": " + error.message;
        return fail(std::move(error));
    }
    return parse_config(*text, path);
}

Result<Config> discover_config(const FileSystem& fs, const Environment& env,
                               const std::optional<std::string>& flag_path) {
    if (flag_path && !flag_path->empty())
        return load_named(fs, *flag_path, "--config");
    if (const auto from_env = env.get_non_empty("LIFELINE_CONFIG"))
        return load_named(fs, *from_env, "$LIFELINE_CONFIG");
    if (fs.exists("lifeline.yaml"))
        return load_config_file(fs, "lifeline.yaml");
    if (const auto home = env.get_non_empty("HOME")) {
        const std::string user_file = *home + "/.config/lifeline/lifeline.yaml";
        if (fs.exists(user_file))
            return load_config_file(fs, user_file);
    }
    return parse_config(embedded_default_config(), k_embedded_source);
}

}  // namespace lifeline::config
