#include "store_rig.hpp"

#include <atomic>
#include <filesystem>

#include <unistd.h>

#include <lifeline/storage/open.hpp>

#include "fakes/fake_clock.hpp"

namespace state_it {
namespace {

namespace fs = std::filesystem;

const char* k_fleet =
    "version: 1\nproviders:\n"
    "  bad: {rules: [{fault: server_error}]}\n"
    "  good: {reply: \"Hello from good.\"}\n";

const char* k_body = R"({"model":"any","messages":[{"role":"user","content":"Say hi"}]})";

std::string config_for(const std::string& bad_url, const std::string& good_url) {
    return "version: 1\nproviders:\n"
           "  bad:  {kind: openai-compatible, base_url: \"" +
           bad_url +
           "/v1\", auth: {env: SIM_KEY}}\n"
           "  good: {kind: openai-compatible, base_url: \"" +
           good_url +
           "/v1\", auth: {env: SIM_KEY}}\n"
           "models:\n  m-bad: {provider: bad}\n  m-good: {provider: good}\n"
           "lanes:\n  code: [m-bad, m-good]\n"
           "retry:\n  server_error: {retries: 0}\n"
           "circuit: {consecutive_failures: 2, cooldown: 10m}\n";
}

std::atomic<int> g_runs{0};

}  // namespace

StoreRig::StoreRig() : m_sim(k_fleet, {}, lifeline::testing::YamlSim::Mode::fleet) {
    const auto readable = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                          fs::perms::others_read;
    fs::permissions(
        m_dir.write("lifeline.yaml", config_for(m_sim.url_of("bad"), m_sim.url_of("good"))),
        readable);
    fs::permissions(m_dir.write("body.json", k_body), readable);
    fs::permissions(m_dir.path(), readable | fs::perms::owner_exec | fs::perms::group_exec |
                                      fs::perms::others_exec);
}

std::string StoreRig::next_run_dir() {
    // A directory of its own per run (runs may be concurrent), writable by the tool's user.
    const std::string cwd = m_dir.path() + "/run-" + std::to_string(++g_runs);
    fs::create_directory(cwd);
    fs::permissions(cwd, fs::perms::all);
    return cwd;
}

lifeline::testing::ToolOutcome StoreRig::run(const std::string& cwd, const std::string& binary,
                                             std::vector<std::string> args, bool as_nobody) {
    std::string program = binary;
    if (as_nobody) {
        args.insert(args.begin(),
                    {"--reuid", "65534", "--regid", "65534", "--clear-groups", binary});
        program = "/usr/bin/setpriv";
    }
    return lifeline::testing::run_tool(
        program, args, cwd, {{"HOME", cwd}, {"SIM_KEY", "sk-sim-0123456789abcdef"}}, k_tool_limit);
}

lifeline::testing::ToolOutcome StoreRig::run_request(const std::string& state_url,
                                                     const std::string& session,
                                                     nlohmann::json* status, bool as_nobody) {
    const std::string cwd = next_run_dir();
    const std::string status_file = cwd + "/status.json";
    auto outcome = run(cwd, RWF_BINARY,
                       {"--config", m_dir.path() + "/lifeline.yaml", "--state", state_url, "--lane",
                        "code", "--session", session, "--via", "direct", "--request",
                        m_dir.path() + "/body.json", "--api", "chat", "--status-file", status_file},
                       as_nobody);
    if (status) {
        *status =
            nlohmann::json::parse(lifeline::testing::read_text_file(status_file), nullptr, false);
    }
    return outcome;
}

lifeline::testing::ToolOutcome StoreRig::budget_check(const std::string& state_url,
                                                      std::vector<std::string> args,
                                                      bool as_nobody) {
    args.insert(args.begin(), {"--config", m_dir.path() + "/lifeline.yaml", "--state", state_url,
                               "--format", "json"});
    return run(next_run_dir(), BUDGET_CHECK_BINARY, std::move(args), as_nobody);
}

lifeline::testing::ToolOutcome StoreRig::reserve(const std::string& state_url,
                                                 const std::string& session, int amount,
                                                 bool as_nobody) {
    return budget_check(state_url,
                        {"--reserve", std::to_string(amount), "--limit", "session_tokens",
                         "--session", session, "--session-tokens", "250"},
                        as_nobody);
}

std::vector<std::string> attempt_classes(const nlohmann::json& status) {
    std::vector<std::string> classes;
    if (!status.is_object())
        return classes;
    for (const auto& attempt : status["data"]["attempts"])
        classes.push_back(attempt["class"].is_null() ? "ok" : attempt["class"].get<std::string>());
    return classes;
}

int ledger_rows(const std::string& url, const std::string& session) {
    lifeline::testing::FakeClock clock;
    auto opened = lifeline::state::open_state_store(url, clock);
    if (!opened)
        return -1;
    lifeline::state::LedgerQuery query;
    query.session = session;
    auto rows = opened->store->query_ledger(query);
    return rows ? static_cast<int>(rows->size()) : -1;
}

double tokens_held(const std::string& url, const std::string& session) {
    lifeline::testing::FakeClock clock;
    auto opened = lifeline::state::open_state_store(url, clock);
    if (!opened)
        return -1;
    auto usage =
        opened->store->budget_usage({"tokens:session:" + session, 250, lifeline::Duration{0}});
    return usage ? usage->used : -1;
}

}  // namespace state_it
