// failover-proxy against every delivery fault of provider-sim's chaos scenario on the first
// candidate (an OpenAI Responses upstream), a healthy Anthropic second: Responses and Messages
// clients (pass-through and translated), streaming and not. Each request ends within its
// deadline with an answer (the second candidate's, when the fault hit before output), with the
// client's own error event (after output), or, with no second candidate, with an error in the
// client's shape; the access log classifies every failed attempt; no key in any output.
#include <chrono>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "proxy_harness.hpp"
#include "support/delivery_faults.hpp"

namespace proxy_it {
namespace {

using lifeline::testing::delivery_faults;
using lifeline::testing::DeliveryFault;
using nlohmann::json;

constexpr std::chrono::seconds k_deadline{8};  // retry.deadline
constexpr std::chrono::seconds k_idle{1};      // the lanes' idle_timeout
constexpr std::chrono::seconds k_slack{20};    // for a loaded CI machine
const char* k_key = "sk-sim-0123456789abcdef";

// Whether the fault hits a stream after the client has had its first bytes (then the
// client's stream ends with its error event instead of the second candidate's answer).
enum class AfterOutput { never, always, may };

// What the first candidate's attempt may end with ("ok" for a success), and whether the
// fault hits a stream after output.
struct Expected {
    std::set<std::string> first_attempt;
    AfterOutput stream_after_output = AfterOutput::never;
};

const std::map<std::string, Expected>& expected() {
    static const std::map<std::string, Expected> k_expected = {
        {"latency", {{"ok"}}},
        {"slow_drip", {{"ok"}}},
        // A body cut at half its Content-Length after a 200, or a stream cut after its first
        // text: broken, as in every tool.
        {"stream_cut", {{"stream_broken"}, AfterOutput::always}},
        // A body that is not JSON, or a stream whose second event is not.
        {"malformed_json", {{"stream_broken"}}},
        {"stream_error", {{"overloaded"}}},
        // A whole answer of 17 MB is below the proxy's 64 MiB cap and relayed; a stream event
        // of 17 MB is above the 8 MiB SSE event limit: broken. Either way a timeout when
        // producing it outlasts the idle timeout. A stream whose first 1 MiB (the hold limit)
        // arrives before that is already the client's when it breaks: its error event.
        {"oversized_body", {{"ok", "stream_broken", "timeout"}, AfterOutput::may}},
        {"hang", {{"timeout"}}},
        {"stall", {{"timeout"}, AfterOutput::always}},
    };
    return k_expected;
}

TEST(FailoverProxyChaosCoverage, EveryDeliveryFaultOfTheSimHasAnExpectation) {
    std::vector<std::string> covered;
    for (const auto& [name, expectation] : expected())
        covered.push_back(name);
    EXPECT_EQ(lifeline::testing::delivery_faults_missing_from(covered), std::vector<std::string>{});
}

// One client request shape; each runs on a lane of its own, so that one request's failures
// (circuits, demotions) never change another's path.
struct Shape {
    const char* lane;
    const char* path;
    const char* body;
    bool stream;
    bool responses;  // else Messages
    bool alone;      // the faulty candidate is the lane's only one
};

const std::vector<Shape>& shapes() {
    static const std::vector<Shape> k_shapes = {
        {"rs", "/v1/responses", R"({"model":"rs","stream":true,"input":"Say hi"})", true, true,
         false},
        {"rw", "/v1/responses", R"({"model":"rw","input":"Say hi"})", false, true, false},
        {"ms", "/v1/messages",
         R"({"model":"ms","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Say hi"}]})",
         true, false, false},
        {"mw", "/v1/messages",
         R"({"model":"mw","max_tokens":100,"messages":[{"role":"user","content":"Say hi"}]})",
         false, false, false},
        {"ra", "/v1/responses", R"({"model":"ra","input":"Say hi"})", false, true, true},
    };
    return k_shapes;
}

std::string chaos_config() {
    std::string yaml =
        "version: 1\nproviders:\n"
        "  bad: {kind: openai, base_url: \"{{url:bad}}/v1\", auth: {env: SIM_KEY}}\n"
        "  good: {kind: anthropic, base_url: \"{{url:good}}\", auth: {env: SIM_KEY}}\n"
        "models:\n  claude: {provider: good, id: claude-sonnet-4-6}\n";
    for (const Shape& shape : shapes()) {
        yaml += std::string("  bad-") + shape.lane +
                ": {provider: bad, id: gpt-5.5, capabilities: [tools, streaming, responses]}\n";
    }
    yaml += "lanes:\n";
    for (const Shape& shape : shapes()) {
        yaml += std::string("  ") + shape.lane + ": {chain: [bad-" + shape.lane +
                (shape.alone ? "" : ", claude") + "], idle_timeout: 1s}\n";
    }
    return yaml + "retry:\n  deadline: 8s\n  backoff: {initial: 10ms, max: 20ms}\n";
}

// The answer a client got: a whole body in its API's shape, or a stream that ended with its
// terminal event, either from the faulty candidate (the chaos reply) or the healthy one.
void expect_answer(const Shape& shape, const lifeline::http::HttpResponse& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    if (shape.stream) {
        EXPECT_NE(response.body.find(shape.responses ? "response.completed" : "message_stop"),
                  std::string::npos)
            << response.body.substr(0, 2000);
        return;
    }
    const json body = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response.body.substr(0, 2000);
    EXPECT_EQ(body.value("object", body.value("type", "")),
              shape.responses ? "response" : "message");
}

// A stream that broke after output: the client's own retryable error event, never its end.
void expect_error_event(const Shape& shape, const lifeline::http::HttpResponse& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find(shape.responses ? "response.failed" : "event: error"),
              std::string::npos)
        << response.body;
    EXPECT_EQ(response.body.find(shape.responses ? "response.completed" : "message_stop"),
              std::string::npos)
        << response.body;
}

// No second candidate and a failed attempt: an error in the Responses client's shape.
void expect_client_error(const lifeline::http::HttpResponse& response) {
    EXPECT_GE(response.status, 400) << response.body;
    const json body = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_TRUE(body["error"].is_object()) << response.body;
}

class FailoverProxyChaos : public ::testing::TestWithParam<DeliveryFault> {};

TEST_P(FailoverProxyChaos, EachRequestEndsInAnAnswerOrTheClientsErrorWithinItsDeadline) {
    const DeliveryFault& fault = GetParam();
    const auto expectation = expected().find(fault.name);
    ASSERT_NE(expectation, expected().end()) << "no expectation for fault " << fault.name;
    ProxyRig rig("version: 1\nproviders:\n  bad: {reply: \"" +
                     std::string(lifeline::testing::k_chaos_reply) + "\", rules: [{" + fault.rule +
                     "}]}\n  good: {reply: \"Hello from good.\"}\n",
                 chaos_config());
    ASSERT_TRUE(rig.ready());
    for (const Shape& shape : shapes()) {
        SCOPED_TRACE(std::string("lane ") + shape.lane);
        const auto started = std::chrono::steady_clock::now();
        const auto response =
            rig.post(shape.path, shape.body, {{"anthropic-version", "2023-06-01"}});
        EXPECT_LT(std::chrono::steady_clock::now() - started, k_deadline + k_idle + k_slack);
        EXPECT_EQ(response.body.find(k_key), std::string::npos);

        const auto log = rig.access_log();
        ASSERT_FALSE(log.empty());
        const json& line = log.back();
        ASSERT_EQ(line["lane"], shape.lane) << line.dump();
        const std::vector<std::string> classes = attempt_classes(line);
        ASSERT_FALSE(classes.empty()) << line.dump();
        EXPECT_EQ(expectation->second.first_attempt.count(classes.front()), 1u) << line.dump();

        const AfterOutput after_output = expectation->second.stream_after_output;
        if (shape.stream && (after_output == AfterOutput::always ||
                             (after_output == AfterOutput::may &&
                              line["attempts"][0].value("after_output", false)))) {
            expect_error_event(shape, response);
            EXPECT_EQ(classes.size(), 1u) << line.dump();
            EXPECT_TRUE(line["attempts"][0]["after_output"].get<bool>()) << line.dump();
            EXPECT_NE(line["outcome"], "ok");
        } else if (classes.back() == "ok") {
            expect_answer(shape, response);
            EXPECT_EQ(line["outcome"], "ok");
        } else {
            ASSERT_TRUE(shape.alone)
                << "the healthy second candidate was not reached: " << line.dump();
            expect_client_error(response);
            EXPECT_EQ(line["outcome"], classes.back());
        }
    }
    EXPECT_EQ(rig.stderr_text().find(k_key), std::string::npos);
    for (const json& line : rig.access_log())
        EXPECT_EQ(line.dump().find(k_key), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Faults, FailoverProxyChaos, ::testing::ValuesIn(delivery_faults()),
                         lifeline::testing::delivery_fault_test_name);

}  // namespace
}  // namespace proxy_it
