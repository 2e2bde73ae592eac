#include <gtest/gtest.h>

#include <lifeline/config/yaml_reader.hpp>

namespace lifeline::config {
namespace {

YamlNode parse_ok(std::string_view text) {
    auto root = parse_yaml(text, "scenario.yaml");
    EXPECT_TRUE(root.ok()) << (root ? "" : root.error().to_string());
    return root ? *root : YamlNode{};
}

std::string error_of(const Status& status) {
    return status ? std::string("<ok>") : status.error().to_string();
}

template <typename T>
std::string error_of(const Result<T>& result) {
    return result ? std::string("<ok>") : result.error().to_string();
}

TEST(YamlReader, SyntaxErrorIsOneLocatedConfigError) {
    auto root = parse_yaml("providers:\n  openai: {kind: openai\nmodels: {}\n", "lifeline.yaml");
    ASSERT_FALSE(root.ok());
    EXPECT_EQ(root.error().code, ErrorCode::config);
    ASSERT_TRUE(root.error().location.has_value());
    EXPECT_EQ(root.error().location->file, "lifeline.yaml");
    EXPECT_GT(root.error().location->line, 0);
    const std::string text = root.error().to_string();
    EXPECT_EQ(text.rfind("lifeline.yaml:", 0), 0u) << text;
    EXPECT_NE(text.find("invalid YAML"), std::string::npos) << text;
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
}

TEST(YamlReader, TabIndentationIsASyntaxErrorNotACrash) {
    auto root = parse_yaml("a:\n\t- b\n", "x.yaml");
    ASSERT_FALSE(root.ok());
    EXPECT_EQ(root.error().code, ErrorCode::config);
}

TEST(YamlReader, NestedValuesCarryKeyPathAndOneBasedLocation) {
    const YamlNode root = parse_ok(
        "version: 1\n"
        "lanes:\n"
        "  code:\n"
        "    - claude-sonnet-4-6\n"
        "    - gpt-55\n");
    const auto lanes = root.get("lanes");
    ASSERT_TRUE(lanes);
    const auto code = lanes->get("code");
    ASSERT_TRUE(code);
    EXPECT_EQ(code->path(), "lanes.code");
    auto items = code->items();
    ASSERT_TRUE(items.ok());
    ASSERT_EQ(items->size(), 2u);
    const YamlNode& second = (*items)[1];
    EXPECT_EQ(second.path(), "lanes.code[1]");
    EXPECT_EQ(second.location().line, 5);
    EXPECT_EQ(second.location().column, 7);
    EXPECT_EQ(second.error("unknown model \"gpt-55\"").to_string(),
              "scenario.yaml:5:7: lanes.code[1]: unknown model \"gpt-55\"");
}

TEST(YamlReader, FlowStyleLocationsPointAtTheValue) {
    const YamlNode root = parse_ok("providers:\n  openai: {kind: openai, base_url: 42}\n");
    const auto base_url = root.get("providers")->get("openai")->get("base_url");
    ASSERT_TRUE(base_url);
    EXPECT_EQ(base_url->path(), "providers.openai.base_url");
    EXPECT_EQ(base_url->location().line, 2);
    EXPECT_EQ(base_url->location().column, 36);
}

TEST(YamlReader, TypedGettersAcceptWhatPeopleWrite) {
    const YamlNode root = parse_ok(
        "name: mock-openai\n"
        "tokens: 250_000\n"
        "price: 1.25\n"
        "whole_price: 10\n"
        "stream: yes\n"
        "wait: 1.5s\n"
        "argv: [az, account, get-access-token]\n"
        "headers: {X-Title: lifeline, HTTP-Referer: https://example.com}\n");
    EXPECT_EQ(*root.get("name")->as_string(), "mock-openai");
    EXPECT_EQ(*root.get("tokens")->as_int64(), 250000);
    EXPECT_DOUBLE_EQ(*root.get("price")->as_double(), 1.25);
    EXPECT_DOUBLE_EQ(*root.get("whole_price")->as_double(), 10.0);
    EXPECT_TRUE(*root.get("stream")->as_bool());
    EXPECT_EQ(*root.get("wait")->as_duration(), Duration{1500});
    EXPECT_EQ(*root.get("argv")->as_string_list(),
              (std::vector<std::string>{"az", "account", "get-access-token"}));
    const auto headers = root.get("headers")->as_string_map();
    ASSERT_TRUE(headers.ok());
    EXPECT_EQ(headers->at("X-Title"), "lifeline");
    EXPECT_EQ(headers->at("HTTP-Referer"), "https://example.com");
}

TEST(YamlReader, TypeMismatchesNameExpectationAndWhatWasWritten) {
    const YamlNode root = parse_ok(
        "tokens: lots\n"
        "ratio: 1.5x\n"
        "stream: maybe\n"
        "wait: 30\n"
        "argv: az account\n"
        "name: [a, b]\n");
    EXPECT_EQ(error_of(root.get("tokens")->as_int64()),
              "scenario.yaml:1:9: tokens: expected a whole number, got \"lots\"");
    EXPECT_EQ(error_of(root.get("ratio")->as_double()),
              "scenario.yaml:2:8: ratio: expected a number, got \"1.5x\"");
    EXPECT_EQ(error_of(root.get("stream")->as_bool()),
              "scenario.yaml:3:9: stream: expected true or false, got \"maybe\"");
    const std::string wait = error_of(root.get("wait")->as_duration());
    EXPECT_EQ(wait.rfind("scenario.yaml:4:7: wait: invalid duration \"30\"", 0), 0u) << wait;
    EXPECT_EQ(
        error_of(root.get("argv")->as_string_list()),
        "scenario.yaml:5:7: argv: expected a list of strings like [a, b], got \"az account\"");
    EXPECT_EQ(error_of(root.get("name")->as_string()),
              "scenario.yaml:6:7: name: expected a string, got a list");
}

TEST(YamlReader, WholeNumberRejectsFractionsAndOverflow) {
    const YamlNode root = parse_ok("a: 1.5\nb: 99999999999999999999\nc: -3\n");
    EXPECT_FALSE(root.get("a")->as_int64().ok());
    EXPECT_NE(error_of(root.get("b")->as_int64()).find("too large"), std::string::npos);
    EXPECT_EQ(*root.get("c")->as_int64(), -3);
}

TEST(YamlReader, NullValuesCountAsMissing) {
    const YamlNode root = parse_ok("retry:\nbudget: ~\nstate: \"\"\n");
    EXPECT_FALSE(root.get("retry").has_value());
    EXPECT_FALSE(root.get("budget").has_value());
    ASSERT_TRUE(root.get("state").has_value());  // an explicit empty string is a value
    EXPECT_EQ(*root.get("state")->as_string(), "");
    EXPECT_EQ(error_of(root.require("policy")),
              "scenario.yaml:1:1: missing required key \"policy\"");
}

TEST(YamlReader, UnknownKeySuggestsTheClosestAllowedKey) {
    const YamlNode root = parse_ok("version: 1\nprovders: {}\n");
    EXPECT_EQ(error_of(root.check_keys({"version", "providers", "models", "lanes"})),
              "scenario.yaml:2:1: unknown key \"provders\" (did you mean \"providers\"?)");
}

TEST(YamlReader, UnknownKeyWithoutCloseMatchListsAllowedKeys) {
    const YamlNode root = parse_ok("routes:\n  main: {zzz: 1}\n");
    const auto main_route = root.get("routes")->get("main");
    EXPECT_EQ(error_of(main_route->check_keys({"status", "body"})),
              "scenario.yaml:2:10: routes.main: unknown key \"zzz\" (allowed: status, body)");
}

TEST(YamlReader, DuplicateKeysAreRejectedWithBothLines) {
    auto root = parse_yaml("providers:\n  openai: {kind: openai}\n  openai: {kind: azure}\n",
                           "lifeline.yaml");
    ASSERT_FALSE(root.ok());
    EXPECT_EQ(root.error().to_string(),
              "lifeline.yaml:3:3: providers: duplicate key \"openai\" (first written at line 2; "
              "keep only one)");
}

TEST(YamlReader, EntriesAndItemsExtendThePathInDocumentOrder) {
    const YamlNode root = parse_ok("steps:\n  - {status: 429}\n  - {status: 200}\nz: 1\na: 2\n");
    auto entries = root.entries();
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 3u);
    EXPECT_EQ((*entries)[0].key, "steps");
    EXPECT_EQ((*entries)[1].key, "z");
    EXPECT_EQ((*entries)[2].key, "a");
    EXPECT_EQ((*entries)[2].key_location.line, 5);
    auto steps = (*entries)[0].value.items();
    ASSERT_TRUE(steps.ok());
    EXPECT_EQ((*steps)[1].get("status")->path(), "steps[1].status");
    EXPECT_EQ(*(*steps)[1].get("status")->as_int64(), 200);
    EXPECT_TRUE((*steps)[0].is_map());
    EXPECT_FALSE((*steps)[0].is_sequence());
    EXPECT_EQ(error_of(root.get("z")->items()), "scenario.yaml:4:4: z: expected a list, got \"1\"");
}

TEST(YamlReader, AllLocationsListsEveryKeyPath) {
    const YamlNode root = parse_ok("a:\n  b: 1\n  c: [x, y]\n");
    const auto locations = root.all_locations();
    std::map<std::string, SourceLocation> by_path(locations.begin(), locations.end());
    ASSERT_EQ(by_path.count("a.b"), 1u);
    EXPECT_EQ(by_path["a.b"].line, 2);
    EXPECT_EQ(by_path["a.b"].column, 6);
    ASSERT_EQ(by_path.count("a.c[1]"), 1u);
    EXPECT_EQ(by_path["a.c[1]"].line, 3);
    EXPECT_EQ(by_path["a"].line, 1);
}

TEST(YamlReader, AliasBombIsRefusedNotExpanded) {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char previous = 'a';
    for (char name = 'b'; name <= 'h'; ++name) {
        text += std::string(1, name) + ": &" + name + " [";
        for (int i = 0; i < 10; ++i)
            text += std::string(i ? ", " : "") + "*" + previous;
        text += "]\n";
        previous = name;
    }
    auto root = parse_yaml(text, "bomb.yaml");
    ASSERT_FALSE(root.ok());
    EXPECT_NE(root.error().message.find("too large"), std::string::npos);
}

TEST(YamlReader, EmptyDocumentIsANullRoot) {
    const YamlNode root = parse_ok("");
    EXPECT_TRUE(root.is_null());
    EXPECT_TRUE(root.check_keys({"version"}).ok());
    EXPECT_FALSE(root.get("version").has_value());
}

}  // namespace
}  // namespace lifeline::config
