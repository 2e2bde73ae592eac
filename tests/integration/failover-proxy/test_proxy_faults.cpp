// failover-proxy under faults, end to end: cut streams, Retry-After, circuits (in one process
// and across two on one Redis), client disconnects, drain, reload, sessions, budgets, the
// probes agents send, --no-auth off loopback and the usage ledger.

#include <cerrno>
#include <chrono>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include <lifeline/storage/open.hpp>

#include "fakes/fake_clock.hpp"
#include "proxy_harness.hpp"
#include "raw_client.hpp"
#include "support/local_redis.hpp"
#include "support/tool_run.hpp"

namespace proxy_it {
namespace {

using lifeline::testing::LocalRedis;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// --- the upstreams and the config --------------------------------------------------------

struct FleetRules {
    std::string oa = "[]";
    std::string an = "[]";
    std::string cc = "[]";
};

std::string fleet(const FleetRules& rules = {}) {
    return "version: 1\nproviders:\n"
           "  oa: {reply: \"Hello from oa.\", rules: " +
           rules.oa +
           "}\n"
           "  an: {reply: \"Hello from an.\", rules: " +
           rules.an +
           "}\n"
           "  cc: {reply: \"Hello from cc.\", rules: " +
           rules.cc + "}\n";
}

// `lanes` is the body of lanes:; `rest` any further top-level sections.
std::string config(const std::string& lanes, const std::string& rest = "") {
    return "version: 1\n"
           "providers:\n"
           "  oa: {kind: openai, base_url: \"{{url:oa}}/v1\", auth: {env: SIM_KEY}}\n"
           "  an: {kind: anthropic, base_url: \"{{url:an}}\", auth: {env: SIM_KEY}}\n"
           "  cc: {kind: openai-compatible, base_url: \"{{url:cc}}/v1\", auth: {env: SIM_KEY}}\n"
           "models:\n"
           "  gpt: {provider: oa, id: gpt-5.5, capabilities: [tools, streaming, responses]}\n"
           "  claude: {provider: an, id: claude-sonnet-4-6}\n"
           "  qwen: {provider: cc, id: qwen3-coder}\n"
           "lanes:\n" +
           lanes + rest;
}

// One failing attempt per request on a failing candidate: no backoff wait on the same one.
const char* k_no_server_error_retry = "retry:\n  server_error: {retries: 0}\n";

const char* k_chat = R"({"model":"code","messages":[{"role":"user","content":"Say hi"}]})";
const char* k_responses = R"({"model":"code","input":"Say hi"})";
const char* k_responses_stream = R"({"model":"code","stream":true,"input":"Say hi"})";
const char* k_messages_stream =
    R"({"model":"code","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Say hi"}]})";

std::string words(int count) {
    std::string text;
    for (int i = 1; i <= count; ++i)
        text += (i > 1 ? " w" : "w") + std::to_string(i);
    return text;
}

std::string chat_with_model(const std::string& model) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Say hi"}]})";
}

// --- reading answers, logs and metrics --------------------------------------------------

bool notes_contain(const json& line, const std::string& text) {
    for (const auto& note : line["notes"]) {
        if (note.get<std::string>().find(text) != std::string::npos)
            return true;
    }
    return false;
}

std::string chat_text(const lifeline::http::HttpResponse& response) {
    const json body = json::parse(response.body, nullptr, false);
    if (body.is_discarded() || !body.contains("choices"))
        return "(no answer: " + response.body + ")";
    return body["choices"][0]["message"]["content"];
}

struct SseEvent {
    std::string event;
    json data;
};

// The events of an SSE body ("event:" optional, "data:" parsed as JSON when it is JSON).
std::vector<SseEvent> sse_events(const std::string& body) {
    std::vector<SseEvent> events;
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find("\n\n", start);
        if (end == std::string::npos)
            end = body.size();
        SseEvent event;
        std::istringstream lines(body.substr(start, end - start));
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.rfind("event: ", 0) == 0)
                event.event = line.substr(7);
            else if (line.rfind("data: ", 0) == 0)
                event.data = json::parse(line.substr(6), nullptr, false);
        }
        if (!event.event.empty() || !event.data.is_null())
            events.push_back(std::move(event));
        start = end + 2;
    }
    return events;
}

// The value of the unlabelled Prometheus sample `name`; -1 when absent.
double metric(const std::string& text, const std::string& name) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(name + " ", 0) == 0)
            return std::stod(line.substr(name.size() + 1));
    }
    return -1;
}

// Requests instance `name` of the fleet received.
int sim_requests(ProxyRig& rig, const std::string& name) {
    const json stats = rig.sim_stats(name);
    return stats.is_object() ? stats["instances"][name]["requests"].get<int>() : -1;
}

double in_flight(ProxyProcess& proxy) {
    return metric(proxy.get("/metrics", false).body, "lifeline_proxy_in_flight");
}

// --- streams -------------------------------------------------------------------------------

TEST(FailoverProxyFaults, MessagesClientGetsARetryableErrorEventWhenAStreamIsCutAfterOutput) {
    FleetRules rules;
    rules.oa = "[{fault: stream_cut, cut_after: 6}]";
    ProxyRig rig(
        "version: 1\nproviders:\n"
        "  oa: {reply: \"one two three four five six seven eight nine ten\", rules: " +
            rules.oa + "}\n  an: {}\n  cc: {}\n",
        config("  code: [gpt, claude]\n"));
    ASSERT_TRUE(rig.ready());
    auto response =
        rig.post("/v1/messages", k_messages_stream, {{"anthropic-version", "2023-06-01"}});
    ASSERT_EQ(response.status, 200) << response.body;
    const auto events = sse_events(response.body);
    ASSERT_FALSE(events.empty()) << response.body;
    // Output reached the client, then its stream ended with Anthropic's own error event, of
    // the type Claude Code retries — never a clean message_stop on a truncated answer.
    EXPECT_NE(response.body.find("one"), std::string::npos) << response.body;
    for (const auto& event : events)
        EXPECT_NE(event.event, "message_stop") << response.body;
    EXPECT_EQ(events.back().event, "error") << response.body;
    EXPECT_EQ(events.back().data["type"], "error");
    EXPECT_EQ(events.back().data["error"]["type"], "overloaded_error") << response.body;

    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    ASSERT_EQ(log[0]["attempts"].size(), 1u);  // no failover once output has started
    EXPECT_TRUE(log[0]["attempts"][0]["after_output"].get<bool>());
    EXPECT_NE(log[0]["outcome"], "ok");
}

// --- waits, circuits -------------------------------------------------------------------------

TEST(FailoverProxyFaults, RetryAfterIsWaitedOutOnTheOnlyCandidate) {
    FleetRules rules;
    rules.oa = "[{match: {requests: 1}, fault: rate_limited, retry_after: 1s}]";
    // Backoff alone would retry after 50 ms: a second attempt a second later is the header's.
    ProxyRig rig(fleet(rules),
                 config("  code: [gpt]\n", "retry:\n  backoff: {initial: 50ms, max: 100ms}\n"));
    ASSERT_TRUE(rig.ready());
    auto response = rig.post("/v1/responses", k_responses);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("Hello from oa."), std::string::npos) << response.body;

    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_classes(log[0]), (std::vector<std::string>{"rate_limited", "ok"}));
    EXPECT_EQ(attempt_candidates(log[0]), (std::vector<std::string>{"oa/gpt", "oa/gpt"}));
    // The second attempt started after the upstream's Retry-After, not at once.
    const double second_started =
        log[0]["duration_ms"].get<double>() - log[0]["attempts"][1]["duration_ms"].get<double>();
    EXPECT_GE(second_started, 900.0) << log[0].dump();
    EXPECT_EQ(sim_requests(rig, "oa"), 2);
}

TEST(FailoverProxyFaults, ACandidateWhoseCircuitOpenedIsSkippedAtOnce) {
    FleetRules rules;
    rules.cc = "[{fault: server_error}]";
    ProxyRig rig(fleet(rules), config("  code: [qwen, claude]\n", k_no_server_error_retry));
    ASSERT_TRUE(rig.ready());
    for (int i = 0; i < 3; ++i) {
        auto response = rig.post("/v1/chat/completions", k_chat);
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(chat_text(response), "Hello from an.");
    }
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(attempt_classes(log[2]), (std::vector<std::string>{"server_error", "ok"}));

    // Three failures in a row (the default circuit.consecutive_failures) opened the circuit:
    // the next request does not spend an attempt on it.
    auto response = rig.post("/v1/chat/completions", k_chat);
    ASSERT_EQ(response.status, 200) << response.body;
    log = rig.access_log();
    ASSERT_EQ(log.size(), 4u);
    EXPECT_EQ(attempt_candidates(log[3]), (std::vector<std::string>{"an/claude"}));
    EXPECT_TRUE(notes_contain(log[3], "cc/qwen skipped: circuit open")) << log[3].dump();
    EXPECT_EQ(sim_requests(rig, "cc"), 3);
    EXPECT_NE(rig.get("/metrics", false)
                  .body.find("lifeline_proxy_circuit_state{candidate=\"cc/qwen\"} 1"),
              std::string::npos);
}

TEST(FailoverProxyFaults, ASecondProxyOnTheSameRedisSkipsACandidateTheFirstSawFail) {
    LocalRedis redis;
    if (!redis.installed())
        GTEST_SKIP() << redis.error();
    ASSERT_TRUE(redis.ready()) << redis.error();
    FleetRules rules;
    rules.cc = "[{fault: server_error}]";
    ProxyOptions options;
    options.state = redis.url();
    ProxyRig rig(fleet(rules), config("  code: [qwen, claude]\n", k_no_server_error_retry),
                 options);
    ASSERT_TRUE(rig.ready());
    auto peer = rig.start_peer(options);  // running before anything failed
    ASSERT_TRUE(peer->ready());

    for (int i = 0; i < 4; ++i)
        ASSERT_EQ(rig.post("/v1/chat/completions", k_chat).status, 200);
    ASSERT_TRUE(notes_contain(rig.access_log().back(), "cc/qwen skipped: circuit open"));

    // The peer never sent cc/qwen a request; it learns of the open circuit from Redis.
    const auto started = Clock::now();
    const bool open_in_peer = eventually(
        [&] {
            return peer->get("/metrics", false)
                       .body.find("lifeline_proxy_circuit_state{candidate=\"cc/qwen\"} 1") !=
                   std::string::npos;
        },
        milliseconds(3000));
    ASSERT_TRUE(open_in_peer) << peer->get("/metrics", false).body;
    EXPECT_LT(Clock::now() - started, milliseconds(2500));

    auto response = peer->post("/v1/chat/completions", k_chat);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(chat_text(response), "Hello from an.");
    auto log = peer->access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_candidates(log[0]), (std::vector<std::string>{"an/claude"}));
    EXPECT_TRUE(notes_contain(log[0], "cc/qwen skipped: circuit open")) << log[0].dump();
    EXPECT_EQ(sim_requests(rig, "cc"), 3);
}

// --- the client goes away; the proxy stops -------------------------------------------------

TEST(FailoverProxyFaults, AClientThatDisconnectsCancelsItsUpstream) {
    FleetRules rules;
    rules.cc = "[{match: {requests: 1}, fault: slow_drip, drip_interval: 200ms, reply: \"" +
               words(60) + "\"}]";
    // One request at a time per upstream: a slot the cancelled request kept would push cc/qwen
    // behind an/claude for the next request.
    ProxyRig rig(fleet(rules), config("  code: [qwen, claude]\n"),
                 {"--max-in-flight-per-upstream", "1"});
    ASSERT_TRUE(rig.ready());
    ProxyProcess& proxy = rig.proxy();
    const double idle = in_flight(proxy);  // the /metrics request counts itself

    RawClient client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send_all(raw_post(
        "/v1/chat/completions", proxy.token(),
        R"({"model":"code","stream":true,"messages":[{"role":"user","content":"Say hi"}]})")));
    ASSERT_TRUE(client.read_until("w2", milliseconds(5000))) << client.received();
    EXPECT_EQ(in_flight(proxy), idle + 1);
    const auto closed_at = Clock::now();
    client.close_now();  // 60 events at 200 ms: about 11 s of stream left

    EXPECT_TRUE(eventually([&] { return in_flight(proxy) == idle; }, milliseconds(3000)));
    EXPECT_TRUE(eventually(
        [&] {
            auto log = proxy.access_log();
            return !log.empty() && log.back()["outcome"] == "client_closed";
        },
        milliseconds(3000)))
        << (proxy.access_log().empty() ? "no access log line" : proxy.access_log().back().dump());
    EXPECT_LT(Clock::now() - closed_at, milliseconds(3000));

    auto next = proxy.post("/v1/chat/completions", k_chat);
    ASSERT_EQ(next.status, 200) << next.body;
    EXPECT_EQ(chat_text(next), "Hello from cc.");
    auto log = proxy.access_log();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_FALSE(notes_contain(log[1], "in flight")) << log[1].dump();
    // The tokens the cut stream used are still recorded: estimated, as the upstream never
    // reported them.
    ASSERT_EQ(log[0]["attempts"].size(), 1u) << log[0].dump();
    EXPECT_TRUE(log[0]["attempts"][0]["tokens_estimated"].get<bool>()) << log[0].dump();
    EXPECT_GT(log[0]["attempts"][0]["output_tokens"].get<int>(), 0) << log[0].dump();
}

TEST(FailoverProxyFaults, SigtermLetsAStreamFinishAndRefusesNewConnections) {
    FleetRules rules;
    rules.oa = "[{fault: slow_drip, drip_interval: 100ms, reply: \"" + words(10) + "\"}]";
    ProxyOptions options;
    options.drain_timeout = "5s";
    ProxyRig rig(fleet(rules), config("  code: [gpt]\n"), options);
    ASSERT_TRUE(rig.ready());
    ProxyProcess& proxy = rig.proxy();

    RawClient client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send_all(raw_post("/v1/responses", proxy.token(), k_responses_stream)));
    ASSERT_TRUE(client.read_until("response.output_text.delta", milliseconds(5000)));
    proxy.signal(SIGTERM);  // about 1.5 s of stream left

    const bool refused = eventually(
        [&] {
            RawClient late(proxy.port());
            return !late.connected() && late.connect_error() == ECONNREFUSED;
        },
        milliseconds(1000));
    EXPECT_TRUE(refused);

    ASSERT_TRUE(client.read_to_close(milliseconds(6000))) << client.received();
    const std::string body = dechunked_body(client.received());
    EXPECT_NE(body.find("response.completed"), std::string::npos) << body;
    EXPECT_EQ(body.find("response.failed"), std::string::npos) << body;
    EXPECT_NE(body.find("w10"), std::string::npos) << body;
    EXPECT_EQ(proxy.wait_exit(milliseconds(5000)), 0) << proxy.stderr_text();
    auto log = proxy.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0]["outcome"], "ok");
}

TEST(FailoverProxyFaults, SigtermEndsAStreamLongerThanTheDrainWithAnErrorEvent) {
    FleetRules rules;
    rules.oa = "[{fault: slow_drip, drip_interval: 100ms, reply: \"" + words(60) + "\"}]";
    ProxyOptions options;
    options.drain_timeout = "1s";
    ProxyRig rig(fleet(rules), config("  code: [gpt]\n"), options);
    ASSERT_TRUE(rig.ready());
    ProxyProcess& proxy = rig.proxy();

    RawClient client(proxy.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send_all(raw_post("/v1/responses", proxy.token(), k_responses_stream)));
    ASSERT_TRUE(client.read_until("response.output_text.delta", milliseconds(5000)));
    const auto signalled = Clock::now();
    proxy.signal(SIGTERM);  // about 6 s of stream left

    ASSERT_TRUE(client.read_to_close(milliseconds(5000))) << client.received();
    EXPECT_LT(Clock::now() - signalled, milliseconds(3000));
    const std::string body = dechunked_body(client.received());
    EXPECT_NE(body.find("response.failed"), std::string::npos) << body;
    EXPECT_EQ(body.find("response.completed"), std::string::npos) << body;
    EXPECT_EQ(proxy.wait_exit(milliseconds(5000)), 0) << proxy.stderr_text();
    auto log = proxy.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_NE(log[0]["outcome"], "ok");
}

// --- reload ---------------------------------------------------------------------------------

TEST(FailoverProxyFaults, SighupAddsALaneAndABrokenFileKeepsTheRunningConfig) {
    ProxyRig rig(fleet(), config("  code: [qwen]\n"));
    ASSERT_TRUE(rig.ready());
    ProxyProcess& proxy = rig.proxy();
    EXPECT_EQ(rig.post("/v1/chat/completions", chat_with_model("fast")).status, 404);

    rig.write_config(config("  code: [qwen]\n  fast: [claude]\n"));
    proxy.signal(SIGHUP);
    ASSERT_TRUE(eventually(
        [&] { return proxy.stderr_text().find("SIGHUP: reloaded") != std::string::npos; },
        milliseconds(3000)))
        << proxy.stderr_text();
    auto fast = rig.post("/v1/chat/completions", chat_with_model("fast"));
    ASSERT_EQ(fast.status, 200) << fast.body;
    EXPECT_EQ(chat_text(fast), "Hello from an.");

    rig.write_config("version: 1\nlanes:\n  code: [qwen\n");
    proxy.signal(SIGHUP);
    ASSERT_TRUE(eventually(
        [&] { return proxy.stderr_text().find("config not reloaded") != std::string::npos; },
        milliseconds(3000)))
        << proxy.stderr_text();
    const std::string err = proxy.stderr_text();
    const std::string refusal = err.substr(err.find("config not reloaded"));
    EXPECT_NE(refusal.find("lifeline.yaml"), std::string::npos) << refusal;  // which file, where
    auto still = rig.post("/v1/chat/completions", chat_with_model("fast"));
    ASSERT_EQ(still.status, 200) << still.body;
    EXPECT_EQ(chat_text(still), "Hello from an.");
    EXPECT_EQ(chat_text(rig.post("/v1/chat/completions", k_chat)), "Hello from cc.");
}

// --- sessions and budgets ---------------------------------------------------------------

TEST(FailoverProxyFaults, ASessionStaysOnTheCandidateItMovedTo) {
    FleetRules rules;
    rules.cc = "[{match: {requests: 1}, fault: rate_limited, retry_after: 1s}]";
    // A Retry-After over --max-wait moves the request to the next candidate at once.
    ProxyRig rig(fleet(rules), config("  code: [qwen, claude]\n"), {"--max-wait", "300ms"});
    ASSERT_TRUE(rig.ready());
    auto as_session = [&](const std::string& session) {
        return chat_text(rig.post("/v1/chat/completions", k_chat, {{"session-id", session}}));
    };
    EXPECT_EQ(as_session("S1"), "Hello from an.");
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(attempt_classes(log[0]), (std::vector<std::string>{"rate_limited", "ok"}));

    // cc/qwen is healthy again once its Retry-After has passed ...
    std::this_thread::sleep_for(milliseconds(1200));
    EXPECT_EQ(as_session("S2"), "Hello from cc.");
    // ... but S1 stays where it moved, turn after turn.
    EXPECT_EQ(as_session("S1"), "Hello from an.");
    EXPECT_EQ(as_session("S1"), "Hello from an.");
    log = rig.access_log();
    ASSERT_EQ(log.size(), 4u);
    EXPECT_EQ(attempt_candidates(log[2]), (std::vector<std::string>{"an/claude"}));
    EXPECT_EQ(attempt_candidates(log[3]), (std::vector<std::string>{"an/claude"}));
    EXPECT_EQ(log[3]["session"], "S1");
}

TEST(FailoverProxyFaults, RequestTokensBudgetRefusesABigRequestWithoutAnUpstreamCall) {
    ProxyRig rig(fleet(), config("  code: [gpt]\n", "budget: {request_tokens: 50}\n"));
    ASSERT_TRUE(rig.ready());
    const std::string big = R"({"model":"code","input":")" + std::string(400, 'x') + "\"}";
    auto refused = rig.post("/v1/responses", big);
    EXPECT_EQ(refused.status, 429) << refused.body;
    const json error = json::parse(refused.body)["error"];
    EXPECT_EQ(error["type"], "insufficient_quota");
    EXPECT_EQ(error["code"], "insufficient_quota");
    EXPECT_NE(error["message"].get<std::string>().find("budget.request_tokens"), std::string::npos)
        << error.dump();
    EXPECT_EQ(sim_requests(rig, "oa"), 0);
    EXPECT_EQ(rig.post("/v1/responses", k_responses).status, 200);
}

TEST(FailoverProxyFaults, SessionTokensBudgetRefusesTheSessionsNextTurn) {
    ProxyRig rig(fleet(), config("  code: [gpt]\n", "budget: {session_tokens: 5}\n"));
    ASSERT_TRUE(rig.ready());
    auto first = rig.post("/v1/responses", k_responses, {{"session-id", "S1"}});
    ASSERT_EQ(first.status, 200) << first.body;
    auto log = rig.access_log();
    ASSERT_EQ(log.size(), 1u);
    ASSERT_GE(log[0]["attempts"][0]["input_tokens"].get<int64_t>() +
                  log[0]["attempts"][0]["output_tokens"].get<int64_t>(),
              5);

    auto refused = rig.post("/v1/responses", k_responses, {{"session-id", "S1"}});
    EXPECT_EQ(refused.status, 429) << refused.body;
    const json error = json::parse(refused.body)["error"];
    EXPECT_EQ(error["type"], "insufficient_quota");
    EXPECT_NE(error["message"].get<std::string>().find("budget.session_tokens"), std::string::npos)
        << error.dump();
    EXPECT_EQ(rig.post("/v1/responses", k_responses, {{"session-id", "S2"}}).status, 200);
    EXPECT_EQ(sim_requests(rig, "oa"), 2);
}

// --- what agents send besides model calls ---------------------------------------------------

TEST(FailoverProxyFaults, ReachabilityProbeModelsListAndTokenCountForClaudeCode) {
    ProxyRig rig(fleet(), config("  code: [claude]\n"));
    ASSERT_TRUE(rig.ready());
    lifeline::http::HttpRequest head;
    head.method = "HEAD";
    head.url = "/";
    EXPECT_EQ(rig.proxy().send(head).status, 200);

    auto models = rig.get("/v1/models", true, {{"anthropic-version", "2023-06-01"}});
    ASSERT_EQ(models.status, 200) << models.body;
    const json list = json::parse(models.body);
    EXPECT_EQ(list["has_more"], false);
    ASSERT_FALSE(list["data"].empty());
    EXPECT_EQ(list["data"][0]["type"], "model");
    EXPECT_EQ(list["data"][0]["id"], "code");
    EXPECT_EQ(list["first_id"], "code");

    const std::string prompt = std::string(400, 'x');
    auto count =
        rig.post("/v1/messages/count_tokens",
                 R"({"model":"code","messages":[{"role":"user","content":")" + prompt + "\"}]}",
                 {{"anthropic-version", "2023-06-01"}});
    ASSERT_EQ(count.status, 200) << count.body;
    const int64_t tokens = json::parse(count.body)["input_tokens"].get<int64_t>();
    EXPECT_GE(tokens, 100);  // about a quarter of the body's characters
    EXPECT_LE(tokens, 200);
    EXPECT_EQ(sim_requests(rig, "an"), 0);
}

TEST(FailoverProxyFaults, NoAuthOffLoopbackIsRefused) {
    lifeline::testing::TempDir dir("failover-proxy-noauth");
    const std::string config_path =
        dir.write("lifeline.yaml",
                  "version: 1\nproviders:\n  cc: {kind: openai-compatible, base_url: "
                  "\"http://127.0.0.1:9/v1\"}\nmodels:\n  qwen: {provider: cc, id: q}\n"
                  "lanes:\n  code: [qwen]\n");
    auto outcome = lifeline::testing::run_tool(
        PROXY_BINARY,
        {"--config", config_path, "--state", "memory:", "--listen", "0.0.0.0:0", "--no-auth",
         "--ready-file", dir.path() + "/ready.env"},
        dir.path(), {{"HOME", dir.path()}}, std::chrono::seconds(10));
    EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
    EXPECT_NE(outcome.err.find("loopback"), std::string::npos) << outcome.err;
    EXPECT_EQ(dir.read("ready.env"), "");  // it never listened
}

// --- the usage ledger -----------------------------------------------------------------------

TEST(FailoverProxyFaults, EveryAttemptIsALedgerRowInTheStateStore) {
    lifeline::testing::TempDir state_dir("failover-proxy-ledger");
    const std::string state_url = "sqlite://" + state_dir.path() + "/state.db";
    FleetRules rules;
    rules.oa = "[{match: {requests: 1}, fault: rate_limited, retry_after: 30s}]";
    ProxyOptions options;
    options.state = state_url;
    options.extra_env = {{"LIFELINE_RUN_ID", "run-42"}};
    ProxyRig rig(fleet(rules), config("  code: [gpt, claude]\n"), options);
    ASSERT_TRUE(rig.ready());
    for (int i = 0; i < 2; ++i) {
        auto response = rig.post("/v1/chat/completions", k_chat, {{"session-id", "S-ledger"}});
        ASSERT_EQ(response.status, 200) << response.body;
    }
    ASSERT_EQ(rig.stop(SIGTERM), 0) << rig.stderr_text();

    lifeline::testing::FakeClock clock;
    auto opened = lifeline::state::open_state_store(state_url, clock);
    ASSERT_TRUE(opened) << opened.error().to_string();
    auto rows = opened->store->query_ledger({});
    ASSERT_TRUE(rows) << rows.error().to_string();
    ASSERT_EQ(rows->size(), 3u);  // the failover's two attempts, then the second request's one
    const auto& failed = (*rows)[0];
    EXPECT_EQ(failed.provider, "oa");
    EXPECT_EQ(failed.model, "gpt");
    EXPECT_EQ(failed.failure, lifeline::FailureClass::rate_limited);
    EXPECT_EQ(failed.attempt, 1);
    EXPECT_EQ(failed.input_tokens + failed.output_tokens, 0);
    const auto& fallback = (*rows)[1];
    EXPECT_EQ(fallback.provider, "an");
    EXPECT_EQ(fallback.model, "claude");
    EXPECT_FALSE(fallback.failure.has_value());
    EXPECT_EQ(fallback.attempt, 2);
    EXPECT_TRUE(fallback.is_fallback);
    EXPECT_GT(fallback.input_tokens, 0);
    EXPECT_GT(fallback.output_tokens, 0);
    const auto& second = (*rows)[2];
    EXPECT_EQ(second.provider, "an");
    EXPECT_FALSE(second.failure.has_value());
    EXPECT_EQ(second.attempt, 1);
    EXPECT_GT(second.output_tokens, 0);
    for (const auto& row : *rows) {
        EXPECT_EQ(row.run_id, "run-42");
        EXPECT_EQ(row.session, "S-ledger");
        EXPECT_EQ(row.lane, "code");
    }
}

}  // namespace
}  // namespace proxy_it
