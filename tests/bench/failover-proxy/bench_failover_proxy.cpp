// failover-proxy against a direct baseline and against the Portkey gateway, in one run, on one
// provider-sim upstream (healthy, no delay, ~1 KB chat requests):
//   (b) pass-through: a Chat Completions client on an openai-compatible upstream;
//   (c) translation: a Responses client on an anthropic-kind upstream (baseline: the sim's
//       own /v1/messages);
//   (d) Portkey (@portkey-ai/gateway, x-portkey-provider: openai with a custom host).
// Open-loop latency at fixed offered rates, the highest closed-loop rate, the gateway's CPU
// per request, time to first byte on streams, and the proxy's RSS with 1,000 open streams.
// Prints numbers and ratios next to the goals; never fails on timing.
//   bench_failover_proxy [--seconds 5] [--streams 1000] [--quick]

#include <csignal>
#include <cstring>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "report.hpp"
#include "requests.hpp"
#include "stack.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace proxy_bench;
using std::chrono::milliseconds;

struct Options {
    double seconds = 5;  // each open-loop phase
    // Closed loop before a target's first phase: Portkey (V8) needs seconds of traffic before
    // its JIT settles (its first seconds at 200/s have a median of ~100 ms, later ~5 ms).
    double warmup_seconds = 3;
    double closed_seconds = 3;
    double stream_seconds = 3;
    int streams = 1000;
    int stream_rate = 200;
    // 200/s is below Portkey's capacity on one core; 1000 and 2000 are the goals' rates.
    std::vector<int> rates = {200, 1000, 2000};
    std::vector<int> goal_rates = {1000, 2000};
    std::vector<int> concurrencies = {16, 64};
    int budget_seconds = 290;  // the whole run; past it the bench stops and its children die
    std::string proxy = PROXY_BINARY;
    std::string sim = SIM_BINARY;
    std::string portkey = PORTKEY_SCRIPT;
};

struct Target {
    std::string key;
    LoadTarget plain;
    LoadTarget stream;
    Child* gateway = nullptr;  // whose CPU the phases measure
};

milliseconds ms(double seconds) {
    return milliseconds(static_cast<int64_t>(seconds * 1000));
}

void on_budget_exceeded(int) {
    const char message[] = "bench_failover_proxy: over its time budget, stopping\n";
    (void)!write(2, message, sizeof message - 1);
    _exit(1);  // the children have PDEATHSIG=SIGKILL
}

std::vector<Target> make_targets(Stack& stack) {
    const HeaderList sim_chat = {{"Authorization", std::string("Bearer ") + k_sim_key}};
    const HeaderList sim_messages = {{"x-api-key", k_sim_key}, {"anthropic-version", "2023-06-01"}};
    const HeaderList proxy = {{"Authorization", "Bearer " + stack.proxy_token()}};
    auto target = [](std::string key, uint16_t port, const std::string& path,
                     const HeaderList& headers, const std::function<std::string(bool)>& body,
                     Child* gateway) {
        return Target{std::move(key),
                      {port, {http_post(path, headers, body(false))}},
                      {port, {http_post(path, headers, body(true))}},
                      gateway};
    };
    std::vector<Target> targets;
    targets.push_back(target(
        "direct-chat", stack.fast_port(), "/v1/chat/completions", sim_chat,
        [](bool s) { return chat_body("qwen3-coder", s); }, nullptr));
    targets.push_back(target(
        "pass", stack.proxy_port(), "/v1/chat/completions", proxy,
        [](bool s) { return chat_body("pass", s); }, stack.proxy()));
    targets.push_back(target(
        "direct-messages", stack.fast_port(), "/v1/messages", sim_messages,
        [](bool s) { return messages_body("claude-sonnet-4-6", s); }, nullptr));
    targets.push_back(target(
        "translate", stack.proxy_port(), "/v1/responses", proxy,
        [](bool s) { return responses_body("translate", s); }, stack.proxy()));
    if (stack.portkey() != nullptr) {
        HeaderList portkey = sim_chat;
        portkey.push_back({"x-portkey-provider", "openai"});
        portkey.push_back({"x-portkey-custom-host",
                           "http://127.0.0.1:" + std::to_string(stack.fast_port()) + "/v1"});
        targets.push_back(target(
            "portkey", stack.portkey_port(), "/v1/chat/completions", portkey,
            [](bool s) { return chat_body("qwen3-coder", s); }, stack.portkey()));
    }
    return targets;
}

// Waits (at most 10 s) until the gateway is idle: an overloaded one may still work through
// requests its clients gave up on, which would load the next phase's cores.
void settle(Child* gateway) {
    if (gateway == nullptr)
        return;
    for (int i = 0; i < 50; ++i) {
        const double before = cpu_seconds(gateway->pid());
        std::this_thread::sleep_for(milliseconds(200));
        if (cpu_seconds(gateway->pid()) - before < 0.02)
            return;
    }
}

double cpu_of(const std::vector<pid_t>& pids) {
    double total = 0;
    for (pid_t pid : pids)
        total += std::max(0.0, cpu_seconds(pid));
    return total;
}

// Runs one phase; `ours` are the bench's processes (itself, the sim, the gateways).
Measured measure(const Target& target, const std::vector<pid_t>& ours,
                 const std::function<LoadResult()>& phase) {
    Measured measured;
    const pid_t pid = target.gateway != nullptr ? target.gateway->pid() : -1;
    const double before = pid > 0 ? cpu_seconds(pid) : -1;
    const long sleeps_before = pid > 0 ? voluntary_switches(pid) : -1;
    const MachineCpu machine_before = machine_cpu();
    const double ours_before = cpu_of(ours);
    const auto started = Clock::now();
    measured.load = phase();
    measured.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (pid > 0 && before >= 0)
        measured.gateway_cpu_seconds = cpu_seconds(pid) - before;
    if (const long sleeps = pid > 0 ? voluntary_switches(pid) : -1;
        sleeps >= 0 && sleeps_before >= 0)
        measured.gateway_sleeps = sleeps - sleeps_before;
    const MachineCpu machine_after = machine_cpu();
    measured.other_cpu_seconds =
        std::max(0.0, machine_after.busy_seconds - machine_before.busy_seconds -
                          (cpu_of(ours) - ours_before));
    measured.steal_seconds = machine_after.steal_seconds - machine_before.steal_seconds;
    settle(target.gateway);
    return measured;
}

// Runs every load phase on every target; returns how many requests reached the proxy.
int64_t run_load_phases(const Options& options, const std::vector<Target>& targets,
                        const std::vector<pid_t>& ours, BenchResults& results) {
    int64_t proxy_requests = 0;
    auto count = [&](const Target& target, const LoadResult& load) {
        if (target.key == "pass" || target.key == "translate")
            proxy_requests += load.sent;
    };
    std::cout << "warm-up (" << options.warmup_seconds
              << " s closed loop, 8 connections, each target)" << std::endl;
    for (const Target& target : targets) {
        count(target,
              run_closed_loop(target.plain, {8, ms(options.warmup_seconds), milliseconds(1000)}));
    }
    for (int rate : options.rates) {
        for (const Target& target : targets) {
            OpenLoopPlan plan;
            plan.rate = rate;
            plan.duration = ms(options.seconds);
            const Measured measured =
                measure(target, ours, [&] { return run_open_loop(target.plain, plan); });
            print_phase(std::cout, "open " + std::to_string(rate) + "/s", target.key, measured);
            count(target, measured.load);
            results.open_loop[target.key][rate] = measured;
        }
    }
    for (const Target& target : targets) {
        for (int connections : options.concurrencies) {
            ClosedLoopPlan plan{connections, ms(options.closed_seconds), milliseconds(2000)};
            Measured measured =
                measure(target, ours, [&] { return run_closed_loop(target.plain, plan); });
            measured.connections = connections;
            print_phase(std::cout, "closed x" + std::to_string(connections), target.key, measured);
            count(target, measured.load);
            auto& best = results.closed_loop[target.key];
            if (measured.load.rate() > best.load.rate())
                best = measured;
        }
    }
    for (const Target& target : targets) {
        OpenLoopPlan plan;
        plan.rate = options.stream_rate;
        plan.duration = ms(options.stream_seconds);
        const Measured measured =
            measure(target, ours, [&] { return run_open_loop(target.stream, plan); });
        print_phase(std::cout, "stream ttfb", target.key, measured);
        count(target, measured.load);
        results.streams[target.key] = measured;
    }
    return proxy_requests;
}

void hold_streams(const Options& options, Stack& stack, HoldReading& hold) {
    hold.streams = options.streams;
    const pid_t proxy = stack.proxy()->pid();
    std::this_thread::sleep_for(milliseconds(500));
    hold.rss_idle_kib = rss_kib(proxy);
    const LoadTarget target{
        stack.proxy_port(),
        {http_post("/v1/chat/completions", {{"Authorization", "Bearer " + stack.proxy_token()}},
                   chat_body("hold", true))}};
    HoldPlan plan;
    plan.streams = options.streams;
    plan.open_timeout = milliseconds(30000);
    hold.load = run_hold(target, plan, [&](int open_streams) {
        hold.open = open_streams;
        hold.fds_open = open_fds(proxy);
        for (int i = 0; i < 10; ++i) {
            hold.rss_peak_kib = std::max(hold.rss_peak_kib, rss_kib(proxy));
            std::this_thread::sleep_for(milliseconds(200));
        }
    });
    hold.open_seconds = hold.load.seconds;
    std::this_thread::sleep_for(milliseconds(1000));
    hold.rss_after_kib = rss_kib(proxy);
    hold.fds_after = open_fds(proxy);
    std::cout << "  hold             " << hold.open << " of " << hold.streams
              << " streams open; proxy VmRSS peak " << hold.rss_peak_kib / 1024.0 << " MB"
              << std::endl;
}

std::string load_average() {
    const std::string text = read_text("/proc/loadavg");
    return text.substr(0, text.find(' '));
}

// The first line of Portkey's log that names an error, for the report.
std::string first_error_line(const std::string& log_path) {
    std::istringstream lines(read_text(log_path));
    for (std::string line; std::getline(lines, line);) {
        if (line.find("rror") != std::string::npos)
            return line.substr(0, 200);
    }
    return {};
}

// provider-sim and failover-proxy must start; Portkey may not (the report says why).
std::string start_servers(const Options& options, Stack& stack, BenchResults& results) {
    for (auto start : {&Stack::copy_binaries, &Stack::start_sim, &Stack::start_proxy}) {
        if (std::string error = (stack.*start)(); !error.empty())
            return error;
    }
    results.proxy_flags = stack.proxy_flags();
    stack.start_portkey();
    results.portkey = stack.portkey() != nullptr
                          ? "node " + options.portkey +
                                " --port=" + std::to_string(stack.portkey_port()) +
                                " --headless (NODE_ENV=production)"
                          : "not measured: " + stack.portkey_note();
    std::cout << "Portkey: " << results.portkey << std::endl;
    return {};
}

// The loaded proxy's memory, then 1,000 streams on a fresh one: the loaded one's memory:
// ledger would hide what the streams cost.
std::string run_hold_phase(const Options& options, Stack& stack, BenchResults& results) {
    if (stack.portkey() != nullptr)
        stack.portkey()->stop();  // frees its core and the sim's threads
    results.hold.rss_loaded_kib = rss_kib(stack.proxy()->pid());
    if (std::string error = stack.restart_proxy(); !error.empty())
        return error;
    hold_streams(options, stack, results.hold);
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    bool quick = false;
    CLI::App app{"failover-proxy bench: direct vs proxy vs Portkey"};
    app.add_option("--seconds", options.seconds, "Each open-loop phase")->capture_default_str();
    app.add_option("--streams", options.streams, "Streams held open at once")
        ->capture_default_str();
    app.add_option("--proxy", options.proxy, "failover-proxy binary")->capture_default_str();
    app.add_option("--sim", options.sim, "provider-sim binary")->capture_default_str();
    app.add_option("--portkey", options.portkey, "Portkey's build/start-server.js")
        ->capture_default_str();
    app.add_flag("--quick", quick, "1 s phases and 100 streams (a smoke test)");
    CLI11_PARSE(app, argc, argv);
    if (quick) {
        options.seconds = options.closed_seconds = options.stream_seconds = 1;
        options.warmup_seconds = 1;
        options.streams = 100;
    }
    std::signal(SIGALRM, on_budget_exceeded);
    alarm(static_cast<unsigned>(options.budget_seconds));

    BenchResults results;
    results.build_type = BENCH_BUILD_TYPE;
    results.rates = options.rates;
    results.goal_rates = options.goal_rates;
    results.stream_rate = options.stream_rate;
    results.bodies = "chat " + std::to_string(chat_body("qwen3-coder", false).size()) +
                     " B, responses " + std::to_string(responses_body("translate", false).size()) +
                     " B, messages " +
                     std::to_string(messages_body("claude-sonnet-4-6", false).size()) + " B";
    const std::string load_before = load_average();
    const Pinning pinning = choose_pinning();
    results.pinning = pinning.describe();
    std::cout << "failover-proxy bench; pinning: " << results.pinning << std::endl;

    lifeline::testing::TempDir dir("failover-proxy-bench");
    Stack stack({options.proxy, options.sim, options.portkey, dir.path()}, pinning);
    if (const std::string error = start_servers(options, stack, results); !error.empty()) {
        std::cerr << "bench_failover_proxy: " << error << "\n";
        return 1;
    }
    std::vector<pid_t> ours = {getpid(), stack.sim()->pid(), stack.proxy()->pid()};
    if (stack.portkey() != nullptr)
        ours.push_back(stack.portkey()->pid());
    results.hold.requests_served = run_load_phases(options, make_targets(stack), ours, results);
    if (auto portkey = results.streams.find("portkey");
        portkey != results.streams.end() && portkey->second.load.ok() == 0)
        results.portkey_stream_note = first_error_line(dir.path() + "/portkey.log");
    if (const std::string error = run_hold_phase(options, stack, results); !error.empty()) {
        std::cerr << "bench_failover_proxy: " << error << "\n";
        return 1;
    }
    results.machine = std::to_string(std::thread::hardware_concurrency()) +
                      " cores; 1-minute load average " + load_before + " before the run, " +
                      load_average() + " after (other work on the machine skews the timings)";
    print_report(std::cout, results);
    return 0;
}
