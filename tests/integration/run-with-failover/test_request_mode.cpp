// Request mode end to end against provider-sim fleets on 127.0.0.1.

#include "harness.hpp"

namespace rwf_it {
namespace {

// A provider-sim fleet, started for one test and stopped at its end.
class Fleet {
  public:
    Fleet(Scratch& scratch, const std::string& yaml) {
        write_file(scratch.path("fleet.yaml"), yaml);
        m_pid = fork();
        if (m_pid == 0) {
            const std::string fleet = scratch.path("fleet.yaml").string();
            const std::string ready_file = scratch.path("ports.txt").string();
            execl(SIM_BINARY, SIM_BINARY, "--listen", "127.0.0.1:0", "--ready-file",
                  ready_file.c_str(), "--fleet", fleet.c_str(), "--quiet",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        ready = wait_for_file(scratch.path("ports.txt"));
        std::istringstream lines(read_file(scratch.path("ports.txt")));
        for (std::string name, address; lines >> name >> address;)
            m_addresses[name] = address;
    }
    ~Fleet() {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            int status = 0;
            waitpid(m_pid, &status, 0);
        }
    }
    std::string url(const std::string& name) { return "http://" + m_addresses[name] + "/v1"; }
    bool ready = false;

  private:
    pid_t m_pid = -1;
    std::map<std::string, std::string> m_addresses;
};

const char* k_body = R"({"model":"any","messages":[{"role":"user","content":"Say hi"}]})";
const char* k_stream_body =
    R"({"model":"any","stream":true,"messages":[{"role":"user","content":"Say hi"}]})";

struct RequestMode : ::testing::Test {
    Scratch scratch;
    RunResult run_with(const std::string& fleet_yaml, const char* body,
                       const std::string& extra_config = "") {
        Fleet fleet(scratch, fleet_yaml);
        EXPECT_TRUE(fleet.ready);
        scratch.write_config(fleet.url("primary"), fleet.url("secondary"), extra_config);
        write_file(scratch.path("body.json"), body);
        return scratch.run({"--lane", "code", "--request", "body.json", "--api", "chat"});
    }
};

TEST_F(RequestMode, PrimaryRateLimitedThenHealthySecondary) {
    RunResult result = run_with(
        "version: 1\nproviders:\n"
        "  primary: {rules: [{fault: rate_limited, retry_after: 30s}]}\n"
        "  secondary: {}\n",
        k_body, "retry:\n  max_wait: 5s\n");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.classes(), (std::vector<std::string>{"rate_limited", "ok"}));
    EXPECT_EQ(result.attempts()[0]["http_status"], 429);
    EXPECT_EQ(result.attempts()[1]["http_status"], 200);
    // The body on stdout is the secondary's answer, as it sent it.
    const auto body = nlohmann::json::parse(result.out, nullptr, false);
    ASSERT_TRUE(body.is_object()) << result.out;
    EXPECT_EQ(body["object"], "chat.completion");
    EXPECT_GT(result.attempts()[1]["tokens"]["total"].get<int>(), 0);
}

TEST_F(RequestMode, AuthEverywhereExits77) {
    RunResult result = run_with(
        "version: 1\nproviders:\n"
        "  primary: {keys: [sk-sim-only-this-one-works]}\n"
        "  secondary: {keys: [sk-sim-only-this-one-works]}\n",
        k_body);
    EXPECT_EQ(result.exit_code, 77) << result.err;
    EXPECT_EQ(result.classes(), (std::vector<std::string>{"auth", "auth"}));
    EXPECT_EQ(result.out, "");
}

TEST_F(RequestMode, ServerErrorsEverywhereExit75) {
    RunResult result = run_with(
        "version: 1\nproviders:\n"
        "  primary: {rules: [{fault: server_error}]}\n"
        "  secondary: {rules: [{fault: server_error}]}\n",
        k_body, "retry:\n  backoff: {initial: 10ms, max: 20ms}\n");
    EXPECT_EQ(result.exit_code, 75) << result.err;
    for (const std::string& klass : result.classes())
        EXPECT_EQ(klass, "server_error");
    EXPECT_EQ(result.out, "");
}

TEST_F(RequestMode, StreamCutAfterTheFirstByteIsStreamBrokenNeverSuccess) {
    RunResult result = run_with(
        "version: 1\nproviders:\n"
        "  primary: {rules: [{fault: stream_cut, cut_after: 2}]}\n"
        "  secondary: {}\n",
        k_stream_body);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_EQ(result.classes(), std::vector<std::string>{"stream_broken"}) << result.err;
    EXPECT_NE(result.out.find("data: "), std::string::npos);  // the bytes already written
    EXPECT_EQ(result.attempts()[0]["next"], "stop");
}

TEST_F(RequestMode, AStreamIsPassedThroughToTheEnd) {
    RunResult result =
        run_with("version: 1\nproviders:\n  primary: {}\n  secondary: {}\n", k_stream_body);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("data: [DONE]"), std::string::npos);
}

}  // namespace
}  // namespace rwf_it
