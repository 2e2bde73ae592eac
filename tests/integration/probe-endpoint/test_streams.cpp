// probe-endpoint against provider-sim: streams (time to first token, errors inside a 200
// stream, cuts, slow drips), tool calls and malformed bodies, for every provider kind.
#include <gtest/gtest.h>

#include "probe_harness.hpp"

namespace probe_it {
namespace {

// Models "<provider>-<fault>" with upstream id "fault-<fault>" for each listed fault.
std::string fault_config(const Sim& sim, const std::vector<std::string>& faults) {
    std::string yaml = "version: 1\nproviders:\n";
    for (const SimKind& kind : sim_kinds())
        yaml += provider_yaml(kind, kind.name, sim.url_of(kind.name));
    yaml += "models:\n";
    std::string lane;
    for (const SimKind& kind : sim_kinds()) {
        for (const std::string& fault : faults) {
            const std::string model = std::string(kind.name) + "-" + fault;
            yaml += "  " + model + ": {provider: " + kind.name + ", id: fault-" + fault + "}\n";
            lane += (lane.empty() ? "" : ", ") + model;
        }
    }
    return yaml + "lanes:\n  all: [" + lane + "]\n";
}

std::string target(const SimKind& kind, const std::string& fault) {
    return std::string(kind.name) + "/" + kind.name + "-" + fault;
}

class ProbeEndpointStreams : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_files = new TempDir();
        const std::string scenario = s_files->write(
            "streams.yaml",
            "version: 1\nkeys: [" + std::string(k_sim_key) +
                "]\nreply:\n  text: \"router-ok, ready.\"\nrules:\n"
                "  - {match: {model: fault-stream_error}, fault: stream_error, class: "
                "overloaded}\n"
                "  - {match: {model: fault-stream_cut}, fault: stream_cut, cut_after: 1}\n"
                "  - {match: {model: fault-malformed}, fault: malformed_json}\n"
                "  - {match: {model: fault-drip}, fault: slow_drip, drip_interval: 300ms}\n"
                "  - {match: {model: fault-tool}, fault: none, reply: {tool_call: {name: "
                "record_probe_result, arguments: '{\"status\":\"ok\"}'}}}\n");
        // One instance (port) per provider kind, all with this scenario.
        std::string fleet = "version: 1\nproviders:\n";
        for (const SimKind& kind : sim_kinds())
            fleet += std::string("  ") + kind.name + ": \"" + scenario + "\"\n";
        s_sim = new Sim(fleet, {}, Sim::Mode::fleet);
    }
    static void TearDownTestSuite() {
        delete s_sim;
        s_sim = nullptr;
        delete s_files;
        s_files = nullptr;
    }

    ToolOutcome probe(const std::vector<std::string>& faults, const std::string& kinds,
                      const std::string& timeout = "20s") {
        m_dir.write("lifeline.yaml", fault_config(*s_sim, faults));
        return run_probe({"--lane", "all", "--probe", kinds, "--no-state", "--timeout", timeout},
                         m_dir.path(), {{"SIM_KEY", k_sim_key}});
    }

    static TempDir* s_files;
    static Sim* s_sim;
    TempDir m_dir;
};

TempDir* ProbeEndpointStreams::s_files = nullptr;
Sim* ProbeEndpointStreams::s_sim = nullptr;

TEST_F(ProbeEndpointStreams, HealthyStreamsReportTimeToFirstToken) {
    ASSERT_EQ(s_sim->instances(), sim_kinds().size());
    const ToolOutcome run = probe({"ok"}, "stream,generate");
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    for (const SimKind& kind : sim_kinds()) {
        const auto stream = run.result(target(kind, "ok"), "stream");
        EXPECT_EQ(stream.value("class", ""), "ok") << stream.dump();
        EXPECT_EQ(stream.value("message", ""), "streamed: router-ok, ready.") << stream.dump();
        ASSERT_TRUE(stream["ttft_ms"].is_number()) << stream.dump();
        EXPECT_LE(stream["ttft_ms"].get<double>(), stream["latency_ms"]["total"].get<double>() + 1);
        const auto generate = run.result(target(kind, "ok"), "generate");
        EXPECT_EQ(generate.value("message", ""), "answered: router-ok, ready.") << generate.dump();
        EXPECT_TRUE(generate["ttft_ms"].is_null());
    }
    EXPECT_GT(run.doc["data"]["cost"]["tokens"].get<int>(), 0);
}

TEST_F(ProbeEndpointStreams, ToolCallsComeBackWellFormedOrTheProbeFails) {
    ASSERT_EQ(s_sim->instances(), sim_kinds().size());
    // "ok" answers with text, so forcing a tool call and getting prose is a failure.
    const ToolOutcome run = probe({"tool", "ok"}, "tools");
    for (const SimKind& kind : sim_kinds()) {
        const auto tool = run.result(target(kind, "tool"), "tools");
        EXPECT_EQ(tool.value("class", ""), "ok") << tool.dump();
        EXPECT_EQ(tool.value("message", ""), "tool call record_probe_result({\"status\":\"ok\"})");
        const auto prose = run.result(target(kind, "ok"), "tools");
        EXPECT_EQ(prose.value("class", ""), "server_error") << prose.dump();
    }
}

TEST_F(ProbeEndpointStreams, ErrorsInsideA200StreamAreClassified) {
    ASSERT_EQ(s_sim->instances(), sim_kinds().size());
    const ToolOutcome run = probe({"stream_error"}, "stream");
    for (const SimKind& kind : sim_kinds()) {
        const auto result = run.result(target(kind, "stream_error"), "stream");
        EXPECT_EQ(result.value("class", ""), "overloaded") << result.dump();
        EXPECT_EQ(result["http_status"], 200);
        EXPECT_NE(result.value("message", "").find("error inside the 200 stream"),
                  std::string::npos);
    }
    EXPECT_EQ(run.exit_code, 1);
}

TEST_F(ProbeEndpointStreams, CutStreamsAreBroken) {
    ASSERT_EQ(s_sim->instances(), sim_kinds().size());
    const ToolOutcome run = probe({"stream_cut"}, "stream");
    for (const SimKind& kind : sim_kinds()) {
        const auto result = run.result(target(kind, "stream_cut"), "stream");
        EXPECT_EQ(result.value("class", ""), "stream_broken") << result.dump();
    }
}

TEST_F(ProbeEndpointStreams, MalformedBodiesFailWithoutCrashing) {
    ASSERT_EQ(s_sim->instances(), sim_kinds().size());
    const ToolOutcome run = probe({"malformed"}, "generate,stream");
    ASSERT_TRUE(run.doc.is_object()) << run.out << run.err;
    for (const SimKind& kind : sim_kinds()) {
        // The sim's malformed answer is not JSON: broken, as every tool classes it.
        const auto generate = run.result(target(kind, "malformed"), "generate");
        EXPECT_EQ(generate.value("class", ""), "stream_broken") << generate.dump();
        EXPECT_EQ(generate.value("message", "").rfind("malformed answer", 0), 0u);
        // A corrupted event mid-stream loses part of the answer even if the stream completes.
        const auto stream = run.result(target(kind, "malformed"), "stream");
        EXPECT_EQ(stream.value("class", ""), "stream_broken") << stream.dump();
    }
}

TEST_F(ProbeEndpointStreams, SlowDripPassesWithinTheTimeoutAndTimesOutBeyondIt) {
    ASSERT_EQ(s_sim->instances(), sim_kinds().size());
    const ToolOutcome patient = probe({"drip"}, "stream", "20s");
    for (const SimKind& kind : sim_kinds()) {
        const auto result = patient.result(target(kind, "drip"), "stream");
        EXPECT_EQ(result.value("class", ""), "ok") << result.dump();
        // The drip delays the events after the first: ttft comes well before the end.
        EXPECT_LT(result["ttft_ms"].get<double>(), result["latency_ms"]["total"].get<double>());
    }
    const ToolOutcome hasty = probe({"drip"}, "stream", "250ms");
    for (const SimKind& kind : sim_kinds()) {
        const auto result = hasty.result(target(kind, "drip"), "stream");
        EXPECT_EQ(result.value("class", ""), "timeout") << result.dump();
    }
    EXPECT_EQ(hasty.exit_code, 1);
}

}  // namespace
}  // namespace probe_it
