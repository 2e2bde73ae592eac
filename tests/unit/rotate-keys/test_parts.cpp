// Spec parsing, the HTTPS rule, hint matching, sealed boxes, the GitHub and AWS stores'
// wire behaviour, and the token cache.
#include <gtest/gtest.h>
#include <sodium.h>

#include "api_client.hpp"
#include "issuer.hpp"
#include "sealed_box.hpp"
#include "spec.hpp"
#include "store.hpp"
#include "test_context.hpp"
#include "token_cache.hpp"

namespace lifeline::rotate {
namespace {

TEST(RotateKeysSpec, UnknownKeyIsLocatedWithASuggestion) {
    auto spec = parse_spec(
        "version: 1\nrotations:\n  ci:\n    issuer: {kind: openrouter, admin_key_env: M}\n"
        "    store: {kind: file, path: /k}\n    verify: {provider: openrouter}\n    grase: 1h\n",
        "rotation.yaml");
    ASSERT_FALSE(spec);
    EXPECT_NE(spec.error().to_string().find("rotation.yaml:7:"), std::string::npos)
        << spec.error().to_string();
    EXPECT_NE(spec.error().to_string().find("grace"), std::string::npos);
}

TEST(RotateKeysSpec, AnthropicNeedsASourceForTheNewKey) {
    auto spec = parse_spec(
        "rotations:\n  a:\n    issuer: {kind: anthropic, admin_key_env: ADMIN}\n"
        "    store: {kind: github, repository: o/r, name: ANTHROPIC_API_KEY}\n"
        "    verify: {provider: anthropic}\n",
        "rotation.yaml");
    ASSERT_FALSE(spec);
    EXPECT_NE(spec.error().message.find("new_key_env"), std::string::npos);
}

TEST(RotateKeysSpec, ReadsEveryStoreKindWithDefaults) {
    auto spec = parse_spec(
        "rotations:\n"
        "  gh: {issuer: {kind: openai, admin_key_env: A, project: proj_1}, store: {kind: github, "
        "organization: acme, name: OPENAI_API_KEY}, verify: {provider: openai}, current_key_env: "
        "OPENAI_API_KEY}\n"
        "  gl: {issuer: {kind: command, new_key_command: [mint]}, store: {kind: gitlab, project: "
        "g/p, name: K}, verify: {provider: openai}}\n"
        "  v: {issuer: {kind: openai, mode: admin-key, admin_key_env: A}, store: {kind: vault, "
        "url: "
        "https://vault:8200, path: ci/openai}, verify: {provider: openai}, grace: 24h}\n",
        "rotation.yaml");
    ASSERT_TRUE(spec) << spec.error().to_string();
    ASSERT_EQ(spec->rotations.size(), 3u);
    EXPECT_EQ(spec->find("gh")->store.api_url, "https://api.github.com");
    EXPECT_EQ(spec->find("gh")->store.token_env, "GITHUB_TOKEN");
    EXPECT_EQ(spec->find("gl")->store.api_url, "https://gitlab.com/api/v4");
    EXPECT_TRUE(spec->find("gl")->store.masked);
    EXPECT_EQ(spec->find("v")->store.field, "api_key");
    EXPECT_EQ(spec->find("v")->grace, Duration{24 * 3600'000});
    EXPECT_EQ(spec->find("v")->issuer.openai_mode, "admin-key");
}

TEST(RotateKeysUrl, HttpsOnlyUnlessLoopbackIsExplicitlyAllowed) {
    EXPECT_TRUE(check_url("https://openrouter.ai/api/v1", false, "issuer"));
    EXPECT_FALSE(check_url("http://openrouter.ai/api/v1", true, "issuer"));
    EXPECT_FALSE(check_url("http://127.0.0.1:8080", false, "issuer"));
    EXPECT_TRUE(check_url("http://127.0.0.1:8080/api", true, "issuer"));
    EXPECT_TRUE(check_url("http://[::1]:9/x", true, "issuer"));
    EXPECT_TRUE(check_url("http://localhost:9", true, "issuer"));
    EXPECT_FALSE(check_url("http://127.0.0.1.evil.com/", true, "issuer"));
    EXPECT_FALSE(check_url("http://user@evil.com:80@127.0.0.1/", false, "issuer"));
}

TEST(RotateKeysHint, MatchesRedactedHintsOfEachIssuer) {
    EXPECT_TRUE(hint_matches("sk-ant-api03-R2D...igAA",
                             "sk-ant-api03-R2Dxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-igAA"));
    EXPECT_TRUE(hint_matches("sk-or-v1-0e6...1c9", "sk-or-v1-0e6f0000000000000000001c9"));
    EXPECT_FALSE(hint_matches("sk-or-v1-0e6...1c9", "sk-or-v1-0e6f0000000000000000001c8"));
    EXPECT_FALSE(hint_matches("sk-...", "sk-anything-at-all-here")) << "too little to tell";
}

TEST(RotateKeysSealedBox, GitHubCiphertextOpensWithTheRepositoryKeyPair) {
    ASSERT_GE(sodium_init(), 0);
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    char pk64[64], sk64[64];
    sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sk64, sizeof sk64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
    auto sealed = seal_for_github(pk64, "sk-test-value-not-real-0001");
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->find("sk-test"), std::string::npos);
    auto opened = open_sealed_box(*sealed, pk64, sk64);
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, "sk-test-value-not-real-0001");
    EXPECT_FALSE(seal_for_github("bm90IGEga2V5", "x")) << "not 32 bytes";
}

TEST(RotateKeysGitHubStore, PutsASealedValueWithTheKeyIdAndIsWriteOnly) {
    ASSERT_GE(sodium_init(), 0);
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    char pk64[64], sk64[64];
    sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sk64, sizeof sk64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
    lifeline::testing::TestContext tc;
    tc.env.set("GITHUB_TOKEN", "ghs_faketokenfaketokenfaketoken00000");
    tc.http.respond("/actions/secrets/public-key", 200,
                    std::string(R"({"key_id":"568250167242549743","key":")") + pk64 + "\"}");
    tc.http.respond("/actions/secrets/OPENROUTER_API_KEY", 201, "");
    StoreSpec spec;
    spec.kind = StoreKind::github;
    spec.api_url = "https://api.github.com";
    spec.token_env = "GITHUB_TOKEN";
    spec.repository = "acme/app";
    spec.name = "OPENROUTER_API_KEY";
    auto store = make_store(spec, tc.context, false);
    ASSERT_TRUE(store);
    EXPECT_FALSE((*store)->readable());
    EXPECT_FALSE((*store)->read_current());
    ASSERT_TRUE(
        (*store)->restore_current(secret::Secret(std::string("sk-or-v1-new-value-000000000000"))));
    const http::HttpRequest& put = tc.http.requests().back();
    EXPECT_EQ(put.method, "PUT");
    EXPECT_EQ(put.url, "https://api.github.com/repos/acme/app/actions/secrets/OPENROUTER_API_KEY");
    auto body = try_parse_json(put.body);
    ASSERT_TRUE(body);
    EXPECT_EQ(json_string(*body, "key_id"), "568250167242549743");
    auto opened = open_sealed_box(json_string(*body, "encrypted_value"), pk64, sk64);
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, "sk-or-v1-new-value-000000000000");
}

TEST(RotateKeysAwsStore, PendingValueGoesThroughStdinNeverArgv) {
    lifeline::testing::TestContext tc;
    tc.processes.enqueue(
        {0, R"({"ARN":"arn:aws:secretsmanager:eu-west-1:1:secret:ci","VersionId":"v"})", ""});
    StoreSpec spec;
    spec.kind = StoreKind::aws;
    spec.secret_id = "ci/openrouter";
    spec.region = "eu-west-1";
    auto store = make_store(spec, tc.context, false);
    ASSERT_TRUE(store);
    const std::string key = "sk-or-v1-aws-pending-value-0000000000";
    ASSERT_TRUE((*store)->write_pending(secret::Secret(key), "20261121T100000Z-abc123"));
    const process::ProcessSpec& run = tc.processes.specs().back();
    for (const std::string& arg : run.argv)
        EXPECT_EQ(arg.find(key), std::string::npos) << arg;
    EXPECT_EQ(run.argv[2], "put-secret-value");
    ASSERT_TRUE(run.stdin_data);
    auto input = try_parse_json(*run.stdin_data);
    ASSERT_TRUE(input);
    EXPECT_EQ(json_string(*input, "SecretString"), key);
    EXPECT_EQ(json_string(*input, "SecretId"), "ci/openrouter");
    EXPECT_EQ((*input)["VersionStages"][0], "AWSPENDING");
    EXPECT_GE(json_string(*input, "ClientRequestToken").size(), 32u) << "AWS minimum";
}

TEST(RotateKeysToken, CachesTheTokenUntilRefreshThenRunsTheCommandAgain) {
    lifeline::testing::TestContext tc;
    tc.env.set("HOME", "/home/ci");
    tc.processes.enqueue({0, "tok-first-0000000000000000\n", ""});
    tc.processes.enqueue({0, "tok-second-000000000000000\n", ""});
    TokenOptions options;
    options.argv = {"az", "account", "get-access-token", "--query", "accessToken", "-o", "tsv"};
    options.refresh = Duration{55 * 60'000};
    auto first = cached_token(tc.context, options);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(first->reveal(), "tok-first-0000000000000000");
    const std::string path =
        token_cache_path("/home/ci/.local/state/lifeline/tokens", options.argv);
    EXPECT_EQ(tc.fs.mode_of(path), 0600u);
    tc.clock.advance(Duration{54 * 60'000});
    EXPECT_EQ(cached_token(tc.context, options)->reveal(), "tok-first-0000000000000000");
    EXPECT_EQ(tc.processes.specs().size(), 1u);
    tc.clock.advance(Duration{2 * 60'000});
    EXPECT_EQ(cached_token(tc.context, options)->reveal(), "tok-second-000000000000000");
    EXPECT_EQ(tc.processes.specs().size(), 2u);
}

TEST(RotateKeysToken, SplitsQuotedCommands) {
    auto argv = split_command("gcloud auth print-access-token --impersonate 'sa one@x.iam'");
    ASSERT_TRUE(argv);
    EXPECT_EQ(argv->back(), "sa one@x.iam");
    EXPECT_FALSE(split_command("echo 'open"));
}

}  // namespace
}  // namespace lifeline::rotate
