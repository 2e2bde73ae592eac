// probe-endpoint against provider-sim: every failure class the sim can produce, for every
// provider kind it speaks, classified from the real wire answers.
#include <gtest/gtest.h>

#include "probe_harness.hpp"

namespace probe_it {
namespace {

const std::vector<std::string>& error_classes() {
    static const std::vector<std::string> k_classes = {
        "auth",       "region_blocked", "permission",       "rate_limited",    "quota_exhausted",
        "overloaded", "server_error",   "context_exceeded", "model_not_found", "content_filtered",
        "bad_request"};
    return k_classes;
}

std::vector<std::string> suffixes() {
    std::vector<std::string> all = error_classes();
    all.push_back("ok");
    return all;
}

// One provider-sim instance per kind x class, each on its own port (so 66 concurrent probes
// never queue behind one listener), answering every request with that class; "-ok" is healthy.
std::string class_fleet() {
    std::string yaml = "version: 1\nproviders:\n";
    for (const SimKind& kind : sim_kinds()) {
        for (const std::string& suffix : suffixes()) {
            yaml += std::string("  ") + kind.name + "-" + suffix + ": {keys: [" + k_sim_key + "]" +
                    (suffix == "ok" ? "" : ", rules: [{fault: " + suffix + "}]") + "}\n";
        }
    }
    return yaml;
}

// A provider and a model "<kind>-<class>" per instance, all models in the lane "all".
std::string class_config(const Sim& sim) {
    std::string providers;
    std::string models;
    std::string lane;
    for (const SimKind& kind : sim_kinds()) {
        for (const std::string& suffix : suffixes()) {
            const std::string name = std::string(kind.name) + "-" + suffix;
            providers += provider_yaml(kind, name, sim.url_of(name));
            models += "  " + name + ": {provider: " + name + ", id: probe-model}\n";
            lane += (lane.empty() ? "" : ", ") + name;
        }
    }
    return "version: 1\nproviders:\n" + providers + "models:\n" + models + "lanes:\n  all: [" +
           lane + "]\n";
}

std::string target(const SimKind& kind, const std::string& suffix) {
    const std::string name = std::string(kind.name) + "-" + suffix;
    return name + "/" + name;
}

// Azure has no separate "out of quota" answer: its quota is a tokens-per-minute rate limit, and
// it answers both with the same 429 "exceeded token rate limit ... retry after N seconds".
std::string expected_class(const SimKind& kind, const std::string& failure) {
    if (std::string(kind.name) == "azure" && failure == "quota_exhausted")
        return "rate_limited";
    return failure;
}

TEST(ProbeEndpointClasses, EveryClassForEveryProviderKindInOneRun) {
    Sim sim(class_fleet(), {"--threads", "2"}, Sim::Mode::fleet);
    ASSERT_EQ(sim.instances(), sim_kinds().size() * suffixes().size());
    TempDir dir;
    dir.write("lifeline.yaml", class_config(sim));
    const ToolOutcome run =
        run_probe({"--lane", "all", "--probe", "generate", "--no-state", "--timeout", "20s"},
                  dir.path(), {{"SIM_KEY", k_sim_key}});
    ASSERT_TRUE(run.doc.is_object()) << run.out << run.err;
    EXPECT_EQ(run.exit_code, 0) << run.err;  // the healthy models meet "any"
    EXPECT_EQ(run.doc["data"]["results"].size(), sim_kinds().size() * (error_classes().size() + 1));
    for (const SimKind& kind : sim_kinds()) {
        for (const std::string& failure : error_classes()) {
            const auto result = run.result(target(kind, failure), "generate");
            EXPECT_EQ(result.value("class", ""), expected_class(kind, failure)) << result.dump();
            // Gemini reports a blocked prompt in a 200 answer; everything else is an HTTP error.
            if (std::string(kind.name) != "gemini" || failure != "content_filtered") {
                EXPECT_GE(result.value("http_status", 0), 400) << result.dump();
            }
            // The message is one redacted line, never the key.
            EXPECT_EQ(result.value("message", "").find(k_sim_key), std::string::npos);
        }
        const auto healthy = run.result(target(kind, "ok"));
        EXPECT_EQ(healthy.value("class", ""), "ok") << healthy.dump();
        EXPECT_EQ(healthy.value("health", ""), "healthy");
        EXPECT_EQ(healthy["http_status"], 200);
        EXPECT_FALSE(healthy.value("request_id", "").empty()) << healthy.dump();
        EXPECT_GT(healthy["tokens"]["total"].get<int>(), 0);
    }
    EXPECT_EQ(run.out.find(k_sim_key), std::string::npos);
    EXPECT_EQ(run.err.find(k_sim_key), std::string::npos);
}

TEST(ProbeEndpointClasses, AuthProbeWithGoodAndBadKeysForEveryKindThatListsModels) {
    Sim sim("version: 1\nkeys: [" + std::string(k_sim_key) + "]\n");
    ASSERT_TRUE(sim.ready());
    TempDir good;
    good.write("lifeline.yaml", "version: 1\nproviders:\n" + providers_yaml(sim.url()));
    TempDir bad;
    bad.write("lifeline.yaml", "version: 1\nproviders:\n" + providers_yaml(sim.url(), "BAD_KEY"));
    std::string listed;
    for (const SimKind& kind : sim_kinds()) {
        if (kind.lists_models)
            listed += (listed.empty() ? "" : ",") + std::string(kind.name);
    }
    const ToolOutcome ok =
        run_probe({"--provider", listed, "--no-state", "--require-healthy", "all"}, good.path(),
                  {{"SIM_KEY", k_sim_key}});
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    const ToolOutcome denied = run_probe({"--provider", listed, "--no-state"}, bad.path(),
                                         {{"BAD_KEY", "sim-key-that-was-revoked-0002"}});
    EXPECT_EQ(denied.exit_code, 1);
    EXPECT_EQ(denied.doc["status"], "failed");
    for (const SimKind& kind : sim_kinds()) {
        if (!kind.lists_models)
            continue;
        EXPECT_EQ(ok.result(kind.name, "auth").value("class", ""), "ok") << kind.name;
        EXPECT_EQ(denied.result(kind.name, "auth").value("class", ""), "auth") << kind.name;
        EXPECT_EQ(denied.result(kind.name, "auth").value("http_status", 0) / 100, 4);
    }
    EXPECT_EQ(denied.out.find("sim-key-that-was-revoked-0002"), std::string::npos);
}

TEST(ProbeEndpointClasses, RateLimitHeadersRetryAfterAndOpenRouterCredit) {
    Sim sim("version: 1\nkeys: [" + std::string(k_sim_key) +
            "]\ncredit_limit: 20\ncredit_usage: 7.5\nrules:\n"
            "  - {match: {family: anthropic}, fault: rate_limited, retry_after: 7s}\n");
    ASSERT_TRUE(sim.ready());
    TempDir dir;
    dir.write("lifeline.yaml", "version: 1\nproviders:\n" + providers_yaml(sim.url()));
    const ToolOutcome run =
        run_probe({"--provider", "anthropic,openrouter", "--probe", "auth,key", "--no-state"},
                  dir.path(), {{"SIM_KEY", k_sim_key}});
    ASSERT_TRUE(run.doc.is_object()) << run.out << run.err;
    const auto limited = run.result("anthropic", "auth");
    EXPECT_EQ(limited["class"], "rate_limited");
    EXPECT_EQ(limited["health"], "degraded");
    EXPECT_EQ(limited["retry_after_ms"], 7000);
    const auto key = run.result("openrouter", "key");
    EXPECT_EQ(key["class"], "ok") << key.dump();
    EXPECT_EQ(key["credit_remaining"], 12.5);
    EXPECT_EQ(run.doc["data"]["healthy"], nlohmann::json::array({"openrouter"}));
}

}  // namespace
}  // namespace probe_it
