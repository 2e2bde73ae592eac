#include "spec.hpp"

#include <lifeline/config/yaml_reader.hpp>

#include "spec_parse.hpp"

namespace lifeline::rotate {

using config::YamlNode;

const char* to_string(IssuerKind kind) {
    switch (kind) {
        case IssuerKind::openrouter:
            return "openrouter";
        case IssuerKind::openai:
            return "openai";
        case IssuerKind::anthropic:
            return "anthropic";
        case IssuerKind::command:
            return "command";
    }
    return "command";
}

const char* to_string(StoreKind kind) {
    switch (kind) {
        case StoreKind::github:
            return "github";
        case StoreKind::gitlab:
            return "gitlab";
        case StoreKind::vault:
            return "vault";
        case StoreKind::aws:
            return "aws";
        case StoreKind::file:
            return "file";
        case StoreKind::env_file:
            return "env-file";
    }
    return "file";
}

const RotationSpec* SpecFile::find(std::string_view name) const {
    for (const RotationSpec& rotation : rotations) {
        if (rotation.name == name)
            return &rotation;
    }
    return nullptr;
}

std::vector<std::string> SpecFile::names() const {
    std::vector<std::string> names;
    for (const RotationSpec& rotation : rotations)
        names.push_back(rotation.name);
    return names;
}

Status read_string(const YamlNode& node, std::string_view key, std::string& target) {
    if (auto value = node.get(key))
        target = LIFELINE_TRY(value->as_string());
    return {};
}

Status read_argv(const YamlNode& node, std::string_view key, std::vector<std::string>& target) {
    if (auto value = node.get(key)) {
        target = LIFELINE_TRY(value->as_string_list());
        if (target.empty())
            return fail(value->error("expected a non-empty command (a list of strings)"));
    }
    return {};
}

Status require_field(const YamlNode& node, std::string_view key, const std::string& value,
                     std::string_view why) {
    if (value.empty())
        return fail(node.error("missing \"" + std::string(key) + "\" (" + std::string(why) + ")"));
    return {};
}

namespace {

Result<VerifySpec> parse_verify(const YamlNode& node) {
    LIFELINE_TRY_VOID(node.check_keys({"provider", "base_url", "model", "attempts", "backoff"}));
    VerifySpec verify;
    LIFELINE_TRY_VOID(read_string(node, "provider", verify.provider));
    LIFELINE_TRY_VOID(require_field(node, "provider", verify.provider,
                                    "a provider of lifeline.yaml to verify the new key against"));
    LIFELINE_TRY_VOID(read_string(node, "base_url", verify.base_url));
    LIFELINE_TRY_VOID(read_string(node, "model", verify.model));
    if (auto attempts = node.get("attempts")) {
        const int64_t value = LIFELINE_TRY(attempts->as_int64());
        if (value < 1 || value > 10)
            return fail(attempts->error("expected 1 to 10"));
        verify.attempts = static_cast<int>(value);
    }
    if (auto backoff = node.get("backoff"))
        verify.backoff = LIFELINE_TRY(backoff->as_duration());
    return verify;
}

Result<RotationSpec> parse_rotation(const YamlNode::Entry& entry) {
    const YamlNode& node = entry.value;
    LIFELINE_TRY_VOID(node.check_keys(
        {"issuer", "store", "verify", "current_key_env", "old_key_id", "grace", "lock_ttl"}));
    RotationSpec rotation;
    rotation.name = entry.key;
    const YamlNode issuer_node = LIFELINE_TRY(node.require("issuer"));
    rotation.issuer = LIFELINE_TRY(parse_issuer(issuer_node));
    const YamlNode store_node = LIFELINE_TRY(node.require("store"));
    rotation.store = LIFELINE_TRY(parse_store(store_node));
    const YamlNode verify_node = LIFELINE_TRY(node.require("verify"));
    rotation.verify = LIFELINE_TRY(parse_verify(verify_node));
    LIFELINE_TRY_VOID(read_string(node, "current_key_env", rotation.current_key_env));
    LIFELINE_TRY_VOID(read_string(node, "old_key_id", rotation.old_key_id));
    if (auto grace = node.get("grace"))
        rotation.grace = LIFELINE_TRY(grace->as_duration());
    if (auto ttl = node.get("lock_ttl")) {
        rotation.lock_ttl = LIFELINE_TRY(ttl->as_duration());
        if (rotation.lock_ttl < Duration{1'000})
            return fail(ttl->error("expected at least 1s"));
    }
    return rotation;
}

}  // namespace

Result<SpecFile> parse_spec(std::string_view text, const std::string& source_name) {
    const YamlNode root = LIFELINE_TRY(config::parse_yaml(text, source_name));
    LIFELINE_TRY_VOID(root.check_keys({"version", "rotations"}));
    if (auto version = root.get("version")) {
        if (LIFELINE_TRY(version->as_int64()) != 1)
            return fail(version->error("unsupported version (this build reads version 1)"));
    }
    SpecFile spec;
    spec.source = source_name;
    const YamlNode rotations = LIFELINE_TRY(root.require("rotations"));
    for (const YamlNode::Entry& entry : LIFELINE_TRY(rotations.entries()))
        spec.rotations.push_back(LIFELINE_TRY(parse_rotation(entry)));
    if (spec.rotations.empty())
        return fail(rotations.error("no rotations described"));
    return spec;
}

}  // namespace lifeline::rotate
