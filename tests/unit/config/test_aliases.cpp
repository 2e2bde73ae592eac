// aliases: and default_lane: (read_aliases.cpp), the lane keys they go with (background,
// first_token_timeout, idle_timeout) and Config::match_alias.

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

namespace lifeline::config {
namespace {

// Ends with the lanes section, at line 9; a test's own YAML starts at line 10.
constexpr std::string_view k_lanes = R"(version: 1
providers:
  openai: {auth: {env: OPENAI_API_KEY}}
models:
  m1: {provider: openai}
  m2: {provider: openai}
lanes:
  code: {chain: [m1, m2], background: small-edit, first_token_timeout: 20s, idle_timeout: 60s}
  small-edit: [m2]
)";

Result<Config> load(std::string_view yaml) {
    return parse_config(std::string(k_lanes) + std::string(yaml), "lifeline.yaml");
}

// The one-line error for `yaml` appended to k_lanes (or alone when `alone`).
std::string error_for(std::string_view yaml, bool alone = false) {
    auto parsed = alone ? parse_config(yaml, "lifeline.yaml") : load(yaml);
    if (parsed)
        return "<no error>";
    EXPECT_EQ(parsed.error().code, ErrorCode::config);
    return parsed.error().to_string();
}

TEST(ConfigAliases, DocumentedShapesLoad) {
    auto parsed = load(R"(aliases:
  coding-agent-auto: {lane: code}
  claude-haiku-*: small-edit          # shorthand: the lane name as a plain string
  "gemini-*-flash-lite*": {lane: small-edit}
default_lane: code
)");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const Config& config = *parsed;
    ASSERT_EQ(config.aliases.size(), 3u);
    EXPECT_EQ(config.aliases[0].pattern, "coding-agent-auto");
    EXPECT_EQ(config.aliases[0].lane, "code");
    EXPECT_EQ(config.aliases[1].pattern, "claude-haiku-*");
    EXPECT_EQ(config.aliases[1].lane, "small-edit");
    EXPECT_EQ(config.aliases[2].pattern, "gemini-*-flash-lite*");
    EXPECT_EQ(config.aliases[2].lane, "small-edit");
    EXPECT_EQ(config.default_lane, "code");

    const LaneConfig* code = config.find_lane("code");
    ASSERT_NE(code, nullptr);
    EXPECT_EQ(code->background, "small-edit");
    EXPECT_EQ(code->background_lane(), "small-edit");
    EXPECT_EQ(code->first_token_timeout, Duration{20'000});
    EXPECT_EQ(code->idle_timeout, Duration{60'000});
}

TEST(ConfigAliases, OmittedKeysMeanNoAliasesAndTheLaneItself) {
    auto parsed = load("aliases:\ndefault_lane:\n");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    EXPECT_TRUE(parsed->aliases.empty());
    EXPECT_EQ(parsed->default_lane, "");
    const LaneConfig* small = parsed->find_lane("small-edit");
    ASSERT_NE(small, nullptr);
    EXPECT_EQ(small->background, "");
    EXPECT_EQ(small->background_lane(), "small-edit");
    EXPECT_EQ(small->first_token_timeout, Duration{0});
    EXPECT_EQ(small->idle_timeout, Duration{0});
}

TEST(ConfigAliases, ExactNameWinsOverAnEarlierGlob) {
    auto parsed = load(R"(aliases:
  claude-*: code
  claude-haiku-*: small-edit
  claude-haiku-4-5: small-edit
  "gpt-?": small-edit
)");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const AliasConfig* exact = parsed->match_alias("claude-haiku-4-5");
    ASSERT_NE(exact, nullptr);
    EXPECT_EQ(exact->pattern, "claude-haiku-4-5");
    EXPECT_EQ(exact->lane, "small-edit");
}

TEST(ConfigAliases, FirstMatchingGlobInFileOrderWins) {
    auto parsed = load(R"(aliases:
  claude-*: code
  claude-haiku-*: small-edit
  "gpt-?": small-edit
)");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    const AliasConfig* first = parsed->match_alias("claude-haiku-4-5");
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->pattern, "claude-*");
    EXPECT_EQ(first->lane, "code");
    ASSERT_NE(parsed->match_alias("gpt-5"), nullptr);
    EXPECT_EQ(parsed->match_alias("gpt-5")->pattern, "gpt-?");
}

TEST(ConfigAliases, MatchIsWholeNameAndCaseSensitive) {
    auto parsed = load(R"(aliases:
  coding-agent-auto: code
  claude-haiku-*: small-edit
  "gpt-?": small-edit
)");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    EXPECT_EQ(parsed->match_alias("Claude-haiku-4-5"), nullptr);
    EXPECT_EQ(parsed->match_alias("CODING-AGENT-AUTO"), nullptr);
    EXPECT_EQ(parsed->match_alias("coding-agent-auto-2"), nullptr);
    EXPECT_EQ(parsed->match_alias("my-claude-haiku-4"), nullptr);
    EXPECT_EQ(parsed->match_alias("gpt-55"), nullptr);
    EXPECT_EQ(parsed->match_alias(""), nullptr);
    EXPECT_NE(parsed->match_alias("claude-haiku-"), nullptr);
}

TEST(ConfigAliases, NoAliasesMatchNothing) {
    auto parsed = load("");
    ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
    EXPECT_EQ(parsed->match_alias("code"), nullptr);
}

TEST(ConfigAliasErrors, AliasNamesUnknownLane) {
    EXPECT_EQ(error_for("aliases:\n  coding-agent-auto: {lane: cod}\n"),
              "lifeline.yaml:11:29: aliases.coding-agent-auto.lane: unknown lane \"cod\" (did you "
              "mean \"code\"? known: code, small-edit)");
}

TEST(ConfigAliasErrors, ShorthandAliasNamesUnknownLane) {
    EXPECT_EQ(error_for("aliases:\n  claude-haiku-*: smal-edit\n"),
              "lifeline.yaml:11:19: aliases.claude-haiku-*: unknown lane \"smal-edit\" (did you "
              "mean \"small-edit\"? known: code, small-edit)");
}

TEST(ConfigAliasErrors, DefaultLaneNamesUnknownLane) {
    EXPECT_EQ(error_for("default_lane: coed\n"),
              "lifeline.yaml:10:15: default_lane: unknown lane \"coed\" (did you mean \"code\"? "
              "known: code, small-edit)");
    EXPECT_EQ(error_for("default_lane: code\n", true),
              "lifeline.yaml:1:15: default_lane: unknown lane \"code\" (none are defined)");
}

TEST(ConfigAliasErrors, AliasSpelledLikeALaneIsAmbiguous) {
    EXPECT_EQ(error_for("aliases:\n  small-edit: code\n"),
              "lifeline.yaml:11:3: aliases.small-edit: alias \"small-edit\" is also a lane name; "
              "a request for \"small-edit\" would be ambiguous (remove the alias or rename the "
              "lane)");
}

TEST(ConfigAliasErrors, AliasSpelledLikeAModelIsAmbiguous) {
    EXPECT_EQ(error_for("aliases:\n  m2: {lane: code}\n"),
              "lifeline.yaml:11:3: aliases.m2: alias \"m2\" is also a model name; a request for "
              "\"m2\" would be ambiguous (remove the alias or rename the model)");
}

TEST(ConfigAliasErrors, OnlyStarAndQuestionMarkAreGlobSyntax) {
    EXPECT_EQ(error_for("aliases:\n  \"claude-[34]-*\": code\n"),
              "lifeline.yaml:11:3: aliases.claude-[34]-*: alias \"claude-[34]-*\" uses \"[\": "
              "patterns support only * (any run of characters) and ? (one character); write one "
              "alias per name instead");
    EXPECT_EQ(error_for("aliases:\n  gemini-{pro,flash}: code\n"),
              "lifeline.yaml:11:3: aliases.gemini-{pro,flash}: alias \"gemini-{pro,flash}\" uses "
              "\"{\": patterns support only * (any run of characters) and ? (one character); "
              "write one alias per name instead");
    for (const char* key : {"\"a]\"", "\"b}\""}) {
        const std::string error = error_for("aliases:\n  " + std::string(key) + ": code\n");
        EXPECT_NE(error.find("patterns support only * (any run of characters) and ?"),
                  std::string::npos)
            << error;
    }
}

TEST(ConfigAliasErrors, UnknownKeyInsideAnAlias) {
    EXPECT_EQ(error_for("aliases:\n  x: {lane: code, lanes: code}\n"),
              "lifeline.yaml:11:19: aliases.x: unknown key \"lanes\" (did you mean \"lane\"?)");
}

TEST(ConfigAliasErrors, AliasShapeIsALaneNameOrAMap) {
    EXPECT_EQ(error_for("aliases:\n  x: [code]\n"),
              "lifeline.yaml:11:3: aliases.x: expected a lane name or {lane: NAME}, got a list");
    EXPECT_EQ(error_for("aliases:\n  x:\n"),
              "lifeline.yaml:11:3: aliases.x: expected a lane name or {lane: NAME}, got nothing");
    EXPECT_EQ(error_for("aliases:\n  x: {}\n"),
              "lifeline.yaml:11:6: aliases.x: missing required key \"lane\"");
    EXPECT_EQ(error_for("aliases:\n  \"\": code\n"),
              "lifeline.yaml:11:3: aliases.: an alias must not be empty");
    EXPECT_EQ(error_for("aliases: [code]\n"),
              "lifeline.yaml:10:10: aliases: expected a map of key: value, got a list");
}

TEST(ConfigAliasErrors, MisspelledSectionsSuggestTheRightOne) {
    EXPECT_EQ(error_for("alias: {x: code}\n"),
              "lifeline.yaml:10:1: unknown key \"alias\" (did you mean \"aliases\"?)");
    EXPECT_EQ(error_for("default-lane: code\n"),
              "lifeline.yaml:10:1: unknown key \"default-lane\" (did you mean \"default_lane\"?)");
}

// k_lanes without its lanes section (ends at line 6; lanes: is line 7).
std::string with_models(std::string_view lanes) {
    const std::string base(k_lanes);
    return base.substr(0, base.find("lanes:")) + std::string(lanes);
}

TEST(ConfigLaneErrors, BackgroundNamesUnknownLane) {
    EXPECT_EQ(error_for(with_models("lanes:\n  code: {chain: [m1], background: smal-edit}\n"
                                    "  small-edit: [m2]\n"),
                        true),
              "lifeline.yaml:8:35: lanes.code.background: unknown lane \"smal-edit\" (did you "
              "mean \"small-edit\"? known: small-edit)");
}

TEST(ConfigLaneErrors, BackgroundNeverSuggestsTheLaneItself) {
    EXPECT_EQ(error_for(with_models("lanes:\n  code: {chain: [m1], background: cod}\n"
                                    "  small-edit: [m2]\n"),
                        true),
              "lifeline.yaml:8:35: lanes.code.background: unknown lane \"cod\" (known: "
              "small-edit)");
}

TEST(ConfigLaneErrors, BackgroundMayNotBeTheLaneItself) {
    EXPECT_EQ(error_for(with_models("lanes:\n  code: {chain: [m1], background: code}\n"), true),
              "lifeline.yaml:8:35: lanes.code.background: background \"code\" names this lane; "
              "omit background to use the lane itself");
}

TEST(ConfigLaneErrors, UnknownKeyInsideALane) {
    EXPECT_EQ(error_for(with_models("lanes:\n  code: {chain: [m1], backgrund: code}\n"), true),
              "lifeline.yaml:8:23: lanes.code: unknown key \"backgrund\" (did you mean "
              "\"background\"?)");
    EXPECT_EQ(error_for(with_models("lanes:\n  code: {chain: [m1], idle_timout: 5s}\n"), true),
              "lifeline.yaml:8:23: lanes.code: unknown key \"idle_timout\" (did you mean "
              "\"idle_timeout\"?)");
}

TEST(ConfigLaneErrors, TimeoutsAreDurationsAboveZero) {
    const std::string bad = error_for(
        with_models("lanes:\n  code: {chain: [m1], first_token_timeout: 20 seconds}\n"), true);
    EXPECT_EQ(bad.rfind("lifeline.yaml:8:44: lanes.code.first_token_timeout: invalid duration "
                        "\"20 seconds\"",
                        0),
              0u)
        << bad;
    EXPECT_NE(bad.find("examples: 250ms"), std::string::npos) << bad;
    EXPECT_EQ(
        error_for(with_models("lanes:\n  code:\n    chain: [m1]\n    idle_timeout: 0s\n"), true),
        "lifeline.yaml:10:19: lanes.code.idle_timeout: must be longer than 0s");
    EXPECT_EQ(error_for(with_models("lanes:\n  code: {chain: [m1], idle_timeout: 90}\n"), true),
              "lifeline.yaml:8:37: lanes.code.idle_timeout: invalid duration \"90\": missing unit "
              "after 90 (examples: 250ms, 1.5s, 6m0s, 55m, 1h30m)");
}

TEST(ConfigLaneErrors, MalformedNewKeysFailCleanly) {
    // Each document is valid but for the one new key, so the error must come from that key.
    const std::string lanes = with_models("lanes:\n  code: [m1]\n");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {lanes + "aliases: {a: [code]}\n", "aliases.a"},
        {lanes + "aliases: {a: {lane: [code]}}\n", "aliases.a.lane"},
        {lanes + "aliases: {a: {lane: \"\"}}\n", "aliases.a.lane"},
        {lanes + "aliases: {a: \" \"}\n", "aliases.a"},
        {lanes + "aliases: code\n", "aliases"},
        {lanes + "default_lane: [code]\n", "default_lane"},
        {lanes + "default_lane: {lane: code}\n", "default_lane"},
        {lanes + "default_lane: \"\"\n", "default_lane"},
        {with_models("lanes: {x: {chain: [m1], background: [code]}, code: [m2]}\n"),
         "lanes.x.background"},
        {with_models("lanes: {x: {chain: [m1], background: \"\"}}\n"), "lanes.x.background"},
        {with_models("lanes: {x: {chain: [m1], idle_timeout: soon}}\n"), "lanes.x.idle_timeout"},
        {with_models("lanes: {x: {chain: [m1], first_token_timeout: -1s}}\n"),
         "lanes.x.first_token_timeout"},
        {with_models("lanes: {x: {background: code}, code: [m1]}\n"), "lanes.x"},
    };
    ASSERT_TRUE(parse_config(lanes, "lifeline.yaml").ok());
    for (const auto& [text, key_path] : cases) {
        auto parsed = parse_config(text, "lifeline.yaml");
        EXPECT_FALSE(parsed.ok()) << "accepted: " << text;
        if (!parsed.ok()) {
            EXPECT_EQ(parsed.error().code, ErrorCode::config) << text;
            EXPECT_EQ(parsed.error().key_path, key_path) << parsed.error().to_string();
            EXPECT_EQ(parsed.error().to_string().rfind("lifeline.yaml:", 0), 0u)
                << text << " -> " << parsed.error().to_string();
        }
    }
}

}  // namespace
}  // namespace lifeline::config
