// probe-endpoint against provider-sim and dead ports: hung endpoints that must not delay the
// others, the overall deadline, refused connections, TLS against a plain port, and the side
// outputs of a real run.
#include <fstream>

#include <gtest/gtest.h>

#include "probe_harness.hpp"

namespace probe_it {
namespace {

std::string scenario_with(const std::string& rules) {
    return "version: 1\nkeys: [" + std::string(k_sim_key) + "]\nrules:\n" + rules;
}

// A probe measured on its own connection: every phase present and non-negative, and the
// cumulative times in the order they happen (connected, first byte, done).
void expect_own_timings(const nlohmann::json& result) {
    const nlohmann::json ms = result.value("latency_ms", nlohmann::json());
    ASSERT_TRUE(ms.is_object()) << result.dump();
    for (const char* phase : {"dns", "connect", "tls", "ttfb", "total"}) {
        ASSERT_TRUE(ms.contains(phase) && ms[phase].is_number()) << phase << ": " << result.dump();
        EXPECT_GE(ms[phase].get<double>(), 0) << phase << ": " << result.dump();
    }
    EXPECT_LE(ms["dns"].get<double>(), ms["connect"].get<double>()) << result.dump();
    EXPECT_LE(ms["connect"].get<double>(), ms["ttfb"].get<double>()) << result.dump();
    EXPECT_LE(ms["ttfb"].get<double>(), ms["total"].get<double>()) << result.dump();
}

TEST(ProbeEndpointNetwork, AHungEndpointCostsOnlyItsOwnTimeout) {
    // One instance per provider, each on its own port; gemini's hangs, the others answer at once.
    std::string fleet = "version: 1\nproviders:\n";
    for (const SimKind& kind : sim_kinds()) {
        fleet += std::string("  ") + kind.name + ": {keys: [" + k_sim_key + "]" +
                 (std::string(kind.name) == "gemini" ? ", rules: [{fault: hang}]" : "") + "}\n";
    }
    Sim sim(fleet, {}, Sim::Mode::fleet);
    ASSERT_EQ(sim.instances(), sim_kinds().size());
    std::string providers;
    for (const SimKind& kind : sim_kinds())
        providers += providers_yaml(sim.url_of(kind.name), "SIM_KEY", kind.name);
    TempDir dir;
    dir.write("lifeline.yaml", "version: 1\nproviders:\n" + providers);
    const ToolOutcome run = run_probe({"--provider", "openai,anthropic,gemini,openrouter,compat",
                                       "--timeout", "1500ms", "--no-state"},
                                      dir.path(), {{"SIM_KEY", k_sim_key}});
    ASSERT_TRUE(run.doc.is_object()) << run.out << run.err;
    EXPECT_EQ(run.exit_code, 0);
    const auto hung = run.result("gemini", "auth");
    EXPECT_EQ(hung["class"], "timeout") << hung.dump();
    EXPECT_GE(hung["latency_ms"]["total"].get<double>(), 1400);
    EXPECT_EQ(hung["latency_ms"]["ttfb"].get<double>(), 0) << hung.dump();  // no byte came back
    // The others were answered in full, each timed on its own connection.
    for (const char* name : {"openai", "anthropic", "openrouter", "compat"}) {
        const auto result = run.result(name, "auth");
        EXPECT_EQ(result["class"], "ok") << result.dump();
        EXPECT_EQ(result["http_status"], 200) << result.dump();
        expect_own_timings(result);
    }
    EXPECT_EQ(run.doc["data"]["healthy"].size(), 4u);
}

TEST(ProbeEndpointNetwork, TheOverallDeadlineCutsEveryProbe) {
    Sim sim(scenario_with("  - {match: {family: anthropic}, fault: hang}\n"));
    ASSERT_TRUE(sim.ready());
    TempDir dir;
    dir.write("lifeline.yaml", "version: 1\nproviders:\n" + providers_yaml(sim.url()));
    const ToolOutcome run = run_probe(
        {"--provider", "openai,anthropic", "--timeout", "30s", "--deadline", "800ms", "--no-state"},
        dir.path(), {{"SIM_KEY", k_sim_key}});
    ASSERT_TRUE(run.doc.is_object()) << run.out << run.err;
    const auto hung = run.result("anthropic", "auth");
    EXPECT_EQ(hung["class"], "timeout");
    EXPECT_EQ(hung.value("message", "").rfind("overall deadline reached", 0), 0u) << hung.dump();
    EXPECT_LT(hung["latency_ms"]["total"].get<double>(), 5000);
    EXPECT_EQ(run.result("openai", "auth")["class"], "ok");
}

TEST(ProbeEndpointNetwork, RefusedConnectionsAndTlsToAPlainPort) {
    Sim sim("version: 1\nkeys: [" + std::string(k_sim_key) + "]\n");
    ASSERT_TRUE(sim.ready());
    TempDir dir;
    const std::string closed = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v1";
    const std::string tls = "https://127.0.0.1:" + std::to_string(sim.port()) + "/v1";
    dir.write("lifeline.yaml",
              "version: 1\nproviders:\n"
              "  refused: {kind: openai-compatible, base_url: \"" +
                  closed +
                  "\", auth: {env: SIM_KEY}}\n"
                  "  tls:     {kind: openai-compatible, base_url: \"" +
                  tls +
                  "\", auth: {env: SIM_KEY}}\n"
                  "  fine:    {kind: openai-compatible, base_url: \"" +
                  sim.url() + "/v1\", auth: {env: SIM_KEY}}\n");
    const ToolOutcome run =
        run_probe({"--no-state", "--timeout", "5s"}, dir.path(), {{"SIM_KEY", k_sim_key}});
    ASSERT_TRUE(run.doc.is_object()) << run.out << run.err;
    EXPECT_EQ(run.result("refused", "auth")["class"], "network") << run.out;
    EXPECT_EQ(run.result("refused", "auth")["http_status"], nullptr);
    EXPECT_EQ(run.result("tls", "auth")["class"], "tls") << run.out;
    EXPECT_EQ(run.result("fine", "auth")["class"], "ok");
    EXPECT_EQ(run.doc["summary"], "1 of 3 healthy");
}

TEST(ProbeEndpointNetwork, SideOutputsOfARealRun) {
    Sim sim(scenario_with("  - {match: {family: anthropic}, fault: overloaded}\n"));
    ASSERT_TRUE(sim.ready());
    TempDir dir;
    dir.write("lifeline.yaml", "version: 1\nproviders:\n" + providers_yaml(sim.url()) +
                                   "state: sqlite://state.db\n");
    const ToolOutcome run =
        run_probe({"--provider", "openai,anthropic", "--junit", "junit.xml", "--prometheus",
                   "probe.prom", "--dotenv", "probe.env", "--format", "text"},
                  dir.path(),
                  {{"SIM_KEY", k_sim_key},
                   {"GITHUB_ACTIONS", "true"},
                   {"GITHUB_OUTPUT", dir.path() + "/out"},
                   {"GITHUB_STEP_SUMMARY", dir.path() + "/summary"}});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("TARGET     PROBE  CLASS"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("probe-endpoint: degraded: 1 of 2 healthy"), std::string::npos);
    EXPECT_NE(dir.read("out").find("first-healthy=openai"), std::string::npos);
    EXPECT_NE(dir.read("summary").find("| anthropic | auth | overloaded | degraded | 529 |"),
              std::string::npos)
        << dir.read("summary");
    EXPECT_NE(run.err.find("::warning title=probe-endpoint%3A anthropic degraded::"),
              std::string::npos)
        << run.err;
    EXPECT_NE(dir.read("junit.xml").find("tests=\"2\""), std::string::npos)
        << dir.read("junit.xml");
    EXPECT_NE(dir.read("probe.prom").find("probe_duration_seconds{target=\"openai\""),
              std::string::npos);
    EXPECT_EQ(dir.read("probe.env"),
              "PROBE_HEALTHY=openai\nPROBE_FIRST_HEALTHY=openai\nPROBE_STATUS=degraded\n");
    // The config's state store received one observation per probe.
    EXPECT_TRUE(std::ifstream(dir.path() + "/state.db").good());
    // Under GitHub Actions the key is masked first (the one line that must carry it), and
    // appears nowhere else.
    std::string err = run.err;
    const std::string mask = std::string("::add-mask::") + k_sim_key + "\n";
    ASSERT_EQ(err.rfind(mask, 0), 0u) << err;
    err.erase(0, mask.size());
    EXPECT_EQ(err.find(k_sim_key), std::string::npos);
}

}  // namespace
}  // namespace probe_it
