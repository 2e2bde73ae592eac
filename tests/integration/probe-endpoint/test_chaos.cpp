// probe-endpoint against every delivery fault of provider-sim's chaos scenario, for every
// provider kind, with a whole answer (generate) and a stream: each probe ends within its
// timeout with `ok` or the class the fault deserves, the tool exits by itself with its status
// document, and the key is nowhere in the output.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "probe_harness.hpp"
#include "support/delivery_faults.hpp"

namespace probe_it {
namespace {

using lifeline::testing::delivery_faults;
using lifeline::testing::DeliveryFault;

constexpr double k_timeout_ms = 2000;  // --timeout of every run
constexpr double k_slack_ms = 20000;   // for a loaded CI machine

// The classes a probe may end with under each fault: {generate, stream}.
struct Expected {
    std::set<std::string> generate;
    std::set<std::string> stream;
};

const std::map<std::string, Expected>& expected() {
    static const std::map<std::string, Expected> k_expected = {
        {"latency", {{"ok"}, {"ok"}}},
        {"slow_drip", {{"ok"}, {"ok"}}},
        // A 200 whose body or stream is cut before its end is broken.
        {"stream_cut", {{"stream_broken"}, {"stream_broken"}}},
        // A 200 that is not JSON, or a stream event that is not: broken, as in every tool.
        {"malformed_json", {{"stream_broken"}, {"stream_broken"}}},
        // Without a stream the sim answers the class as an HTTP error.
        {"stream_error", {{"overloaded"}, {"overloaded"}}},
        // 17 MB is above the 16 MiB read cap, unless producing it outlasts the timeout first.
        {"oversized_body", {{"stream_broken", "timeout"}, {"stream_broken", "timeout"}}},
        {"hang", {{"timeout"}, {"timeout"}}},
        // Silence is a timeout, also after a stream's first text.
        {"stall", {{"timeout"}, {"timeout"}}},
    };
    return k_expected;
}

TEST(ProbeEndpointChaosCoverage, EveryDeliveryFaultOfTheSimHasAnExpectation) {
    std::vector<std::string> covered;
    for (const auto& [name, classes] : expected())
        covered.push_back(name);
    EXPECT_EQ(lifeline::testing::delivery_faults_missing_from(covered), std::vector<std::string>{});
}

class ProbeEndpointChaos : public ::testing::TestWithParam<DeliveryFault> {};

TEST_P(ProbeEndpointChaos, EveryProbeEndsWithinItsTimeoutOkOrClassified) {
    const DeliveryFault& fault = GetParam();
    const auto expectation = expected().find(fault.name);
    ASSERT_NE(expectation, expected().end()) << "no expectation for fault " << fault.name;

    // One instance per provider kind, each serving the fault on every request.
    std::string fleet = "version: 1\nproviders:\n";
    for (const SimKind& kind : sim_kinds()) {
        fleet += std::string("  ") + kind.name + ": {keys: [" + k_sim_key + "], reply: \"" +
                 lifeline::testing::k_chaos_reply + "\", rules: [{" + fault.rule + "}]}\n";
    }
    Sim sim(fleet, {}, Sim::Mode::fleet);
    ASSERT_EQ(sim.instances(), sim_kinds().size());
    std::string yaml = "version: 1\nproviders:\n";
    for (const SimKind& kind : sim_kinds())
        yaml += provider_yaml(kind, kind.name, sim.url_of(kind.name));
    yaml += "models:\n";
    std::string lane;
    for (const SimKind& kind : sim_kinds()) {
        yaml += std::string("  ") + kind.name + "-m: {provider: " + kind.name + ", id: chaos}\n";
        lane += (lane.empty() ? "" : ", ") + std::string(kind.name) + "-m";
    }
    yaml += "lanes:\n  all: [" + lane + "]\n";
    TempDir dir;
    dir.write("lifeline.yaml", yaml);

    const ToolOutcome run =
        run_probe({"--lane", "all", "--probe", "generate,stream", "--no-state", "--timeout", "2s"},
                  dir.path(), {{"SIM_KEY", k_sim_key}});
    ASSERT_TRUE(run.doc.is_object()) << run.exit_code << "\n" << run.out << run.err;
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.exit_code << run.err;
    EXPECT_LT(run.wall_ms, k_timeout_ms + k_slack_ms);
    for (const SimKind& kind : sim_kinds()) {
        const std::string target = std::string(kind.name) + "/" + kind.name + "-m";
        for (const char* probe : {"generate", "stream"}) {
            const auto result = run.result(target, probe);
            const auto& allowed = std::string(probe) == "generate" ? expectation->second.generate
                                                                   : expectation->second.stream;
            EXPECT_EQ(allowed.count(result.value("class", "")), 1u)
                << target << " " << probe << ": " << result.dump();
            ASSERT_TRUE(result["latency_ms"]["total"].is_number()) << result.dump();
            EXPECT_LT(result["latency_ms"]["total"].get<double>(), k_timeout_ms + k_slack_ms);
        }
    }
    EXPECT_EQ(run.out.find(k_sim_key), std::string::npos);
    EXPECT_EQ(run.err.find(k_sim_key), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Faults, ProbeEndpointChaos, ::testing::ValuesIn(delivery_faults()),
                         lifeline::testing::delivery_fault_test_name);

}  // namespace
}  // namespace probe_it
