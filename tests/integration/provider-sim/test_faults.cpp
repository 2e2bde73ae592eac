// Every fault kind, delivered over real HTTP. One scenario maps request numbers to faults so a
// single server start covers them in order.
#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim_process.hpp"

namespace provider_sim_it {
namespace {

using nlohmann::json;

const httplib::Headers k_bearer{{"Authorization", "Bearer sk-sim-1"}};
const char* k_chat = R"({"model":"gpt-5.5","messages":[{"role":"user","content":"hello"}]})";
const char* k_chat_stream =
    R"({"model":"gpt-5.5","stream":true,"messages":[{"role":"user","content":"one two three"}]})";

class Faults : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir();
        const std::string scenario = s_dir->write("faults.yaml", R"(version: 1
reply: "alpha beta gamma delta epsilon zeta"
rules:
  - {name: rl, match: {requests: "1"}, fault: rate_limited, retry_after: 2s}
  - {name: quota, match: {requests: "2"}, fault: quota_exhausted}
  - {name: overloaded, match: {requests: "3"}, fault: overloaded, status: 529}
  - {name: server, match: {requests: "4"}, fault: server_error, status: 502}
  - {name: region, match: {requests: "5"}, fault: region_blocked}
  - {name: context, match: {requests: "6"}, fault: context_exceeded}
  - {name: model, match: {requests: "7"}, fault: model_not_found}
  - {name: filter, match: {requests: "8"}, fault: content_filtered}
  - {name: latency, match: {requests: "9"}, fault: latency, delay: 50ms, jitter: 10ms}
  - {name: hang, match: {requests: "10"}, fault: hang, hang_for: 30s}
  - {name: drip, match: {requests: "11"}, fault: slow_drip, drip_interval: 20ms}
  - {name: cut, match: {requests: "12"}, fault: stream_cut, cut_after: 2}
  - {name: garbage, match: {requests: "13"}, fault: malformed_json}
  - {name: huge, match: {requests: "14"}, fault: oversized_body, body_bytes: 3000000}
  - {name: in-stream, match: {requests: "15"}, fault: stream_error, class: server_error, cut_after: 1}
  - {name: cut-json, match: {requests: "16"}, fault: stream_cut}
  - {name: bad-request, match: {requests: "17"}, fault: bad_request}
  - {name: auth, match: {requests: "18"}, fault: auth}
  - {name: permission, match: {requests: "19"}, fault: permission}
)");
        s_sim = new SimProcess({"--listen", "127.0.0.1:0", "--scenario", scenario});
    }
    static void TearDownTestSuite() {
        delete s_sim;
        delete s_dir;
    }
    static httplib::Result chat(bool stream = false, int read_timeout_s = 10) {
        auto client = s_sim->client();
        client.set_read_timeout(read_timeout_s, 0);
        return client.Post("/v1/chat/completions", k_bearer, stream ? k_chat_stream : k_chat,
                           "application/json");
    }
    static json error_of(const httplib::Result& result) {
        return json::parse(result->body)["error"];
    }

    static TempDir* s_dir;
    static SimProcess* s_sim;
};

TempDir* Faults::s_dir = nullptr;
SimProcess* Faults::s_sim = nullptr;

// The tests run in declaration order (GoogleTest's default) and each consumes its request
// number; the whole sequence is one test so the order cannot be shuffled apart.
TEST_F(Faults, EveryFaultKindInSequence) {
    ASSERT_TRUE(s_sim->ready()) << s_sim->stderr_text();

    auto rl = chat();
    ASSERT_TRUE(rl);
    EXPECT_EQ(rl->status, 429);
    EXPECT_EQ(rl->get_header_value("retry-after"), "2");
    EXPECT_EQ(rl->get_header_value("retry-after-ms"), "2000");
    EXPECT_EQ(rl->get_header_value("x-ratelimit-remaining-requests"), "0");
    EXPECT_EQ(error_of(rl)["code"], "rate_limit_exceeded");

    auto quota = chat();
    EXPECT_EQ(quota->status, 429);
    EXPECT_EQ(error_of(quota)["code"], "insufficient_quota");

    EXPECT_EQ(chat()->status, 529);
    EXPECT_EQ(chat()->status, 502);

    auto region = chat();
    EXPECT_EQ(region->status, 403);
    EXPECT_EQ(error_of(region)["code"], "unsupported_country_region_territory");

    auto context = chat();
    EXPECT_EQ(context->status, 400);
    EXPECT_EQ(error_of(context)["code"], "context_length_exceeded");

    auto model = chat();
    EXPECT_EQ(model->status, 404);
    EXPECT_EQ(error_of(model)["code"], "model_not_found");

    auto filter = chat();
    EXPECT_EQ(filter->status, 400);
    EXPECT_EQ(error_of(filter)["code"], "content_policy_violation");

    auto late = chat();  // latency: still a normal answer
    ASSERT_TRUE(late);
    EXPECT_EQ(late->status, 200);

    auto hang = chat(false, 1);  // never answers: the client's read timeout fires
    EXPECT_FALSE(hang);
    EXPECT_EQ(hang.error(), httplib::Error::Read);

    auto drip = chat(true);  // slow, but complete
    ASSERT_TRUE(drip);
    EXPECT_NE(drip->body.find("data: [DONE]"), std::string::npos);

    auto cut = chat(true);  // stream closed after 2 events, no terminal chunk
    EXPECT_TRUE(!cut || cut->body.find("[DONE]") == std::string::npos);

    auto garbage = chat();
    ASSERT_TRUE(garbage);
    EXPECT_EQ(garbage->status, 200);
    EXPECT_TRUE(json::parse(garbage->body, nullptr, false).is_discarded());

    auto huge = chat();
    ASSERT_TRUE(huge);
    EXPECT_GT(huge->body.size(), 3000000u);

    auto in_stream = chat(true);
    ASSERT_TRUE(in_stream);
    EXPECT_EQ(in_stream->status, 200);
    EXPECT_NE(in_stream->body.find(R"("type":"server_error")"), std::string::npos);
    EXPECT_EQ(in_stream->body.find("[DONE]"), std::string::npos);

    auto cut_json = chat();  // a JSON body cut at half: Content-Length promised more
    EXPECT_TRUE(!cut_json || json::parse(cut_json->body, nullptr, false).is_discarded());

    EXPECT_EQ(chat()->status, 400);
    EXPECT_EQ(chat()->status, 401);
    EXPECT_EQ(chat()->status, 403);
    EXPECT_EQ(chat()->status, 200);  // past every rule: healthy

    auto stats = s_sim->client().Get("/_sim/stats");
    ASSERT_TRUE(stats);
    json instance = json::parse(stats->body)["instances"]["default"];
    EXPECT_EQ(instance["rules_fired"]["hang"], 1);
    EXPECT_EQ(instance["by_status"]["hang"], 1);
    EXPECT_EQ(instance["by_outcome"]["rate_limited"], 1);
}

TEST(FaultsPerFamily, AnthropicInStreamErrorEventAndResponsesFailed) {
    TempDir dir;
    const std::string scenario =
        dir.write("s.yaml", "rules: [{fault: stream_error, class: overloaded, cut_after: 2}]\n");
    SimProcess sim({"--listen", "127.0.0.1:0", "--scenario", scenario});
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    auto messages = client.Post(
        "/v1/messages", {{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}},
        R"({"model":"claude-sonnet-4-6","stream":true,"messages":[]})", "application/json");
    ASSERT_TRUE(messages);
    EXPECT_EQ(messages->status, 200);
    EXPECT_NE(
        messages->body.find(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\""),
        std::string::npos)
        << messages->body;
    EXPECT_EQ(messages->body.find("message_stop"), std::string::npos);
    auto responses =
        client.Post("/v1/responses", {{"Authorization", "Bearer k"}},
                    R"({"model":"gpt-5.5","stream":true,"input":"x"})", "application/json");
    ASSERT_TRUE(responses);
    EXPECT_NE(responses->body.find("event: response.failed\n"), std::string::npos);
}

TEST(FaultsPerFamily, AStallSendsTheFirstEventsThenFallsSilentThenClosesWithoutTheEnd) {
    TempDir dir;
    const std::string scenario =
        dir.write("s.yaml", "rules: [{fault: stall, cut_after: 2, hang_for: 1s}]\n");
    SimProcess sim({"--listen", "127.0.0.1:0", "--scenario", scenario});
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    std::string seen;
    std::chrono::steady_clock::time_point first_bytes{};
    httplib::Request request;
    request.method = "POST";
    request.path = "/v1/chat/completions";
    request.headers = k_bearer;
    request.set_header("Content-Type", "application/json");
    request.body = k_chat_stream;
    request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
        if (seen.empty())
            first_bytes = std::chrono::steady_clock::now();
        seen.append(data, length);
        return true;
    };
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    client.send(request, response, error);
    const auto ended = std::chrono::steady_clock::now();
    ASSERT_FALSE(seen.empty());
    // The first events, then the silence (hang_for), then a close without the terminal chunk.
    EXPECT_GE(ended - first_bytes, std::chrono::milliseconds(900));
    EXPECT_NE(seen.find("data: "), std::string::npos);
    EXPECT_EQ(seen.find("[DONE]"), std::string::npos) << seen;
}

TEST(FaultsTimeVarying, ScenarioSwapRestartsTheSequence) {
    SimProcess sim({"--listen", "127.0.0.1:0"});
    ASSERT_TRUE(sim.ready());
    auto client = sim.client();
    EXPECT_EQ(client.Post("/v1/chat/completions", k_bearer, k_chat, "application/json")->status,
              200);
    auto swapped =
        client.Post("/_sim/scenario", "rules: [{match: {requests: 1-2}, fault: overloaded}]\n",
                    "application/yaml");
    ASSERT_TRUE(swapped);
    EXPECT_EQ(swapped->status, 200);
    EXPECT_EQ(client.Post("/v1/chat/completions", k_bearer, k_chat, "application/json")->status,
              503);
    EXPECT_EQ(client.Post("/v1/chat/completions", k_bearer, k_chat, "application/json")->status,
              503);
    EXPECT_EQ(client.Post("/v1/chat/completions", k_bearer, k_chat, "application/json")->status,
              200);
    auto bad = client.Post("/_sim/scenario", "rules: [{fault: nope}]\n", "application/yaml");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    EXPECT_NE(bad->body.find("scenario:1:"), std::string::npos) << bad->body;
}

}  // namespace
}  // namespace provider_sim_it
