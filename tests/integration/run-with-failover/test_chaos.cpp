// Request mode against every delivery fault of provider-sim's chaos scenario on the primary,
// with a healthy secondary, for a whole answer and a stream: each run ends by itself within its
// deadline, with the secondary's answer (exit 0) or a classified failure in the status file
// (a non-zero exit, never a success), and no key in any output.
#include <chrono>
#include <set>

#include "harness.hpp"
#include "support/delivery_faults.hpp"
#include "support/sim_process.hpp"

namespace rwf_it {
namespace {

using lifeline::testing::delivery_faults;
using lifeline::testing::DeliveryFault;

constexpr std::chrono::seconds k_deadline{8};         // --deadline
constexpr std::chrono::seconds k_attempt_timeout{3};  // --attempt-timeout
constexpr std::chrono::seconds k_slack{20};           // for a loaded CI machine

// How a run may end under a fault, as its attempts' classes ("ok" for a success): a trail that
// ends in "ok" must exit 0 with an answer on stdout; any other must exit non-zero.
struct Expected {
    std::set<std::vector<std::string>> whole;
    std::set<std::vector<std::string>> stream;
};

const std::vector<std::string> k_ok{"ok"};

std::vector<std::string> twice_then_ok(const std::string& failure_class) {
    return {failure_class, failure_class, "ok"};
}

// Two failed attempts, each of either class, then the second candidate's answer.
std::set<std::vector<std::string>> either_twice_then_ok(const std::string& one,
                                                        const std::string& other) {
    std::set<std::vector<std::string>> trails;
    for (const std::string& first : {one, other}) {
        for (const std::string& second : {one, other})
            trails.insert({first, second, "ok"});
    }
    return trails;
}

std::set<std::vector<std::string>> with(std::set<std::vector<std::string>> trails,
                                        std::vector<std::string> trail) {
    trails.insert(std::move(trail));
    return trails;
}

const std::map<std::string, Expected>& expected() {
    static const std::map<std::string, Expected> k_expected = {
        {"latency", {{k_ok}, {k_ok}}},
        {"slow_drip", {{k_ok}, {k_ok}}},
        // A body cut at half its Content-Length after a 200 is broken, as in every tool; a stream
        // cut after its first text is broken and committed: the bytes are out, so no fallback.
        {"stream_cut", {{twice_then_ok("stream_broken")}, {{"stream_broken"}}}},
        // The broken event comes after the stream's first event, already written.
        {"malformed_json", {{twice_then_ok("stream_broken")}, {{"stream_broken"}}}},
        // The in-stream error comes after two events of text; without a stream it is a 503.
        {"stream_error", {{twice_then_ok("overloaded")}, {{"overloaded"}}}},
        // 17 MB is above the 16 MiB read cap (an SSE event of it, above the parser's limit),
        // unless the upstream's slowness to produce it outlasts the idle timeout first.
        {"oversized_body",
         {either_twice_then_ok("stream_broken", "timeout"),
          with(either_twice_then_ok("stream_broken", "timeout"), {"stream_broken"})}},
        {"hang", {{twice_then_ok("timeout")}, {twice_then_ok("timeout")}}},
        // A stall after the first text of a stream: the idle timeout (class timeout, as in every
        // tool) ends a committed attempt.
        {"stall", {{twice_then_ok("timeout")}, {{"timeout"}}}},
    };
    return k_expected;
}

TEST(RequestModeChaosCoverage, EveryDeliveryFaultOfTheSimHasAnExpectation) {
    std::vector<std::string> covered;
    for (const auto& [name, trails] : expected())
        covered.push_back(name);
    EXPECT_EQ(lifeline::testing::delivery_faults_missing_from(covered), std::vector<std::string>{});
}

class RequestModeChaos : public ::testing::TestWithParam<DeliveryFault> {};

TEST_P(RequestModeChaos, EachRunEndsInAnAnswerOrAClassifiedFailureWithinItsDeadline) {
    const DeliveryFault& fault = GetParam();
    const auto expectation = expected().find(fault.name);
    ASSERT_NE(expectation, expected().end()) << "no expectation for fault " << fault.name;
    lifeline::testing::YamlSim fleet("version: 1\nproviders:\n  primary: {reply: \"" +
                                         std::string(lifeline::testing::k_chaos_reply) +
                                         "\", rules: [{" + fault.rule + "}]}\n  secondary: {}\n",
                                     {}, lifeline::testing::YamlSim::Mode::fleet);
    ASSERT_TRUE(fleet.ready());
    Scratch scratch;
    scratch.write_config(fleet.url_of("primary") + "/v1", fleet.url_of("secondary") + "/v1",
                         "retry:\n  deadline: 8s\n  backoff: {initial: 10ms, max: 20ms}\n");
    for (const bool stream : {false, true}) {
        SCOPED_TRACE(stream ? "stream" : "whole answer");
        write_file(scratch.path("body.json"),
                   std::string(R"({"model":"any",)") + (stream ? R"("stream":true,)" : "") +
                       R"("messages":[{"role":"user","content":"Say hi"}]})");
        const auto started = std::chrono::steady_clock::now();
        const RunResult result =
            scratch.run({"--lane", "code", "--request", "body.json", "--api", "chat",
                         "--attempt-timeout", "3s", "--idle-timeout", "1s", "--deadline", "8s"});
        const auto took = std::chrono::steady_clock::now() - started;
        EXPECT_LT(took, k_deadline + k_attempt_timeout + k_slack);
        ASSERT_TRUE(result.status.is_object()) << result.exit_code << "\n" << result.err;
        const std::vector<std::string> classes = result.classes();
        const auto& allowed = stream ? expectation->second.stream : expectation->second.whole;
        EXPECT_EQ(allowed.count(classes), 1u) << "attempts: " << result.attempts().dump() << "\n"
                                              << result.err;
        if (!classes.empty() && classes.back() == "ok") {
            EXPECT_EQ(result.exit_code, 0) << result.err;
            EXPECT_NE(result.out.find(stream ? "data: [DONE]" : "chat.completion"),
                      std::string::npos)
                << result.out;
        } else {
            EXPECT_NE(result.exit_code, 0) << result.err;
            EXPECT_NE(result.status.value("status", ""), "ok");
        }
        for (const char* key :
             {"sk-sim-primary-0123456789abcdef", "sk-sim-secondary-0123456789abcd"}) {
            EXPECT_EQ(result.out.find(key), std::string::npos);
            EXPECT_EQ(result.err.find(key), std::string::npos);
            EXPECT_EQ(result.status.dump().find(key), std::string::npos);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Faults, RequestModeChaos, ::testing::ValuesIn(delivery_faults()),
                         lifeline::testing::delivery_fault_test_name);

}  // namespace
}  // namespace rwf_it
