// Measures what run-with-failover costs a pipeline:
//   1. wrapper overhead: `run-with-failover ... -- /bin/true` against `/bin/true`, median of N,
//      next to the cheapest possible wrapper (spawn_only.cpp: what any extra process costs on
//      this machine) and to run-with-failover with a SQLite state file instead of memory:;
//   2. failover latency: from a failed attempt's end to the next attempt's start, in process,
//      with the real CommandExecutor and PosixProcessRunner (the policy's wait excluded: the
//      failure falls back at once);
//   3. peak RSS of the run-with-failover processes;
//   4. proxy mode: `--via proxy` (failover-proxy started as a sidecar beside the agent, then
//      stopped) against `--via direct` on the same two-candidate lane, with /bin/true as the
//      agent and with one that takes 50 ms (every real agent takes longer to send its first
//      request, and the proxy's start-up overlaps it); and failover-proxy alone: from spawn to
//      its ready lines on --ready-fd, and from SIGTERM to its exit.
// Numbers are printed, never judged: timing depends on the machine.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lifeline/app/system.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/policy/candidate.hpp>
#include <lifeline/process/posix_runner.hpp>

#include "command_mode.hpp"
#include "failover_loop.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace rwf = run_with_failover;

// User + system CPU time of every reaped child so far, in ms: unlike wall time it does not
// grow when other work loads the machine.
double children_cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double median_ms(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0.0 : samples[samples.size() / 2];
}

double run_ms(lifeline::process::ProcessRunner& runner, const std::vector<std::string>& argv,
              const std::map<std::string, std::string>& env) {
    lifeline::process::ProcessSpec spec;
    spec.argv = argv;
    spec.env = env;
    const auto start = Clock::now();
    auto result = runner.run(spec);
    const auto end = Clock::now();
    if (!result || result->exit_code != 0) {
        std::cerr << "bench: " << argv[0] << " failed\n";
        std::exit(1);
    }
    return std::chrono::duration<double, std::milli>(end - start).count();
}

struct ProxyTimes {
    double ready_ms = 0;  // spawn -> ready lines read to end-of-file
    double stop_ms = 0;   // SIGTERM -> exit reaped
};

// failover-proxy alone, as run-with-failover starts it: a pipe as --ready-fd, read to its end,
// then SIGTERM and wait.
ProxyTimes time_proxy(const std::string& config, const std::filesystem::path& dir) {
    int ready[2] = {-1, -1};
    if (::pipe2(ready, O_CLOEXEC) != 0) {
        std::cerr << "bench: pipe failed\n";
        std::exit(1);
    }
    if (ready[1] == 3) {  // dup2 onto itself would leave it close-on-exec
        const int moved = ::fcntl(ready[1], F_DUPFD_CLOEXEC, 4);
        ::close(ready[1]);
        ready[1] = moved;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, ready[1], 3);  // dup2 clears close-on-exec
    std::vector<std::string> args = {PROXY_BINARY,
                                     "--config",
                                     config,
                                     "--state",
                                     "memory:",
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--ready-fd",
                                     "3",
                                     "--access-log",
                                     (dir / "access.log").string(),
                                     "--exit-with-parent"};
    std::vector<char*> arg_pointers;
    for (auto& arg : args)
        arg_pointers.push_back(arg.data());
    arg_pointers.push_back(nullptr);
    std::string path = "PATH=/usr/bin:/bin";
    std::string home = "HOME=" + dir.string();
    char* envp[] = {path.data(), home.data(), nullptr};
    pid_t pid = -1;
    const auto start = Clock::now();
    if (posix_spawn(&pid, PROXY_BINARY, &actions, nullptr, arg_pointers.data(), envp) != 0) {
        std::cerr << "bench: cannot start failover-proxy\n";
        std::exit(1);
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(ready[1]);
    std::string lines;
    char buffer[512];
    for (ssize_t got; (got = ::read(ready[0], buffer, sizeof buffer)) > 0;)
        lines.append(buffer, static_cast<size_t>(got));
    const auto ready_at = Clock::now();
    ::close(ready[0]);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const auto stopped = Clock::now();
    if (lines.find("LIFELINE_PROXY_TOKEN=") == std::string::npos || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        std::cerr << "bench: failover-proxy did not start and stop cleanly\n";
        std::exit(1);
    }
    return {std::chrono::duration<double, std::milli>(ready_at - start).count(),
            std::chrono::duration<double, std::milli>(stopped - ready_at).count()};
}

// Times the gap between one attempt's end and the next one's start.
class TimingExecutor final : public rwf::AttemptExecutor {
  public:
    explicit TimingExecutor(rwf::AttemptExecutor& inner) : m_inner(inner) {}
    rwf::AttemptReport run_attempt(const rwf::AttemptRequest& request) override {
        const auto start = Clock::now();
        if (request.number > 1)
            gaps.push_back(std::chrono::duration<double, std::milli>(start - m_last_end).count());
        rwf::AttemptReport report = m_inner.run_attempt(request);
        m_last_end = Clock::now();
        return report;
    }
    std::vector<double> gaps;

  private:
    rwf::AttemptExecutor& m_inner;
    Clock::time_point m_last_end{};
};

class NoHttp final : public lifeline::http::HttpTransport {
  public:
    lifeline::http::HttpResult perform(const lifeline::http::HttpRequest&) override {
        return lifeline::fail(lifeline::http::TransportError{});
    }
    std::vector<lifeline::http::HttpResult> perform_all(
        const std::vector<lifeline::http::HttpRequest>&) override {
        return {};
    }
};

lifeline::routing::RouteCandidate candidate(const std::string& provider, const std::string& model) {
    lifeline::routing::RouteCandidate route;
    route.provider.name = provider;
    route.provider.base_url = "http://127.0.0.1:9/v1";
    route.model.name = model;
    route.model.provider = provider;
    route.candidate = lifeline::policy::make_candidate(route.model, route.provider);
    return route;
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(3, std::atoi(argv[1])) : 100;
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("rwf-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "lifeline.yaml")
        << "version: 1\nproviders:\n  local: {kind: openai-compatible, base_url: "
           "\"http://127.0.0.1:9/v1\"}\nmodels:\n  m1: {provider: local}\n"
           "  m2: {provider: local, id: m2}\nlanes:\n  code: [m1, m2]\n";
    const std::map<std::string, std::string> env = {{"PATH", "/usr/bin:/bin"},
                                                    {"HOME", dir.string()}};
    lifeline::process::PosixProcessRunner runner;

    // 1. Overhead, interleaved so drift hits every variant alike.
    const std::vector<std::string> tail = {"--chain", "m1", "--", "/bin/true"};
    auto wrapper_argv = [&](const std::string& state) {
        std::vector<std::string> wrapper = {RWF_BINARY, "--config",
                                            (dir / "lifeline.yaml").string(), "--state", state};
        wrapper.insert(wrapper.end(), tail.begin(), tail.end());
        return wrapper;
    };
    const std::vector<std::string> memory_wrapper = wrapper_argv("memory:");
    const std::vector<std::string> sqlite_wrapper =
        wrapper_argv("sqlite:" + (dir / "state.db").string());
    auto lane_argv = [&](const std::string& via, std::vector<std::string> agent) {
        std::vector<std::string> command = {
            RWF_BINARY, "--config", (dir / "lifeline.yaml").string(),
            "--state",  "memory:",  "--lane",
            "code",     "--via",    via,
            "--agent",  "generic",  "--"};
        command.insert(command.end(), agent.begin(), agent.end());
        return command;
    };
    const std::vector<std::string> lane_direct = lane_argv("direct", {"/bin/true"});
    const std::vector<std::string> lane_proxy = lane_argv("proxy", {"/bin/true"});
    // An agent that takes 50 ms to start, as every real one takes longer: the proxy starts
    // beside it, and what is left is what a real step pays.
    const std::vector<std::string> slow_direct = lane_argv("direct", {"/bin/sleep", "0.05"});
    const std::vector<std::string> slow_proxy = lane_argv("proxy", {"/bin/sleep", "0.05"});
    std::map<std::string, std::string> proxy_env = env;
    proxy_env["LIFELINE_PROXY_BIN"] = PROXY_BINARY;
    std::vector<double> direct, spawner, wrapped, with_sqlite, via_direct, via_proxy;
    std::vector<double> slow_via_direct, slow_via_proxy;
    std::vector<double> proxy_ready, proxy_stop;
    double direct_cpu = 0;
    double wrapped_cpu = 0;
    for (int i = 0; i < runs; ++i) {
        double before = children_cpu_ms();
        direct.push_back(run_ms(runner, {"/bin/true"}, env));
        direct_cpu += children_cpu_ms() - before;
        spawner.push_back(run_ms(runner, {SPAWN_ONLY_BINARY, "/bin/true"}, env));
        before = children_cpu_ms();
        wrapped.push_back(run_ms(runner, memory_wrapper, env));
        wrapped_cpu += children_cpu_ms() - before;
        with_sqlite.push_back(run_ms(runner, sqlite_wrapper, env));
        via_direct.push_back(run_ms(runner, lane_direct, proxy_env));
        via_proxy.push_back(run_ms(runner, lane_proxy, proxy_env));
        slow_via_direct.push_back(run_ms(runner, slow_direct, proxy_env));
        slow_via_proxy.push_back(run_ms(runner, slow_proxy, proxy_env));
        const ProxyTimes alone = time_proxy((dir / "lifeline.yaml").string(), dir);
        proxy_ready.push_back(alone.ready_ms);
        proxy_stop.push_back(alone.stop_ms);
    }
    const double direct_ms = median_ms(direct);
    const double spawner_ms = median_ms(spawner);
    const double wrapped_ms = median_ms(wrapped);
    const double sqlite_ms = median_ms(with_sqlite);

    // 2. Failover latency, in process.
    std::vector<lifeline::routing::RouteCandidate> chain = {candidate("a", "m1"),
                                                            candidate("b", "m2")};
    std::vector<lifeline::policy::Candidate> policy_chain = {chain[0].candidate,
                                                             chain[1].candidate};
    lifeline::app::SystemClock clock;
    lifeline::app::ProcessEnvironment process_env;
    lifeline::app::LocalFileSystem files;
    NoHttp http;
    std::ostringstream sink;
    lifeline::Context context{clock, process_env, files, http, runner, sink, sink};
    lifeline::provider::CredentialResolver credentials(process_env, runner, clock);
    lifeline::secret::Redactor redactor;
    auto adapter = rwf::make_agent_adapter(rwf::AgentKind::generic);
    rwf::CommandSettings settings;
    settings.argv = {"/bin/sh", "-c",
                     "test \"$OPENAI_MODEL\" = m2 || { echo 'Error code: 529 overloaded' >&2; "
                     "exit 1; }"};
    rwf::CommandExecutor inner(context, chain, *adapter, settings, credentials, redactor);
    TimingExecutor timing(inner);
    lifeline::policy::ChainPolicy policy;
    policy.retry.classes[lifeline::FailureClass::overloaded].retries = 0;  // fall back at once
    lifeline::policy::SeededRandom random(1);
    rwf::LoopHooks hooks;
    for (int i = 0; i < runs; ++i) {
        auto result = rwf::run_failover(policy_chain, policy, timing, hooks, clock, random);
        if (result.outcome.exit_code != 0) {
            std::cerr << "bench: failover run did not succeed\n";
            return 1;
        }
    }

    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    std::filesystem::remove_all(dir);

    const double overhead_ms = wrapped_ms - direct_ms;
    const double spawner_overhead_ms = spawner_ms - direct_ms;
    std::printf("run-with-failover benchmark (%d runs, interleaved)\n", runs);
    std::printf("  direct /bin/true            median %7.3f ms\n", direct_ms);
    std::printf("  through a minimal spawner   median %7.3f ms  (+%.3f ms: any wrapper process)\n",
                spawner_ms, spawner_overhead_ms);
    std::printf("  through run-with-failover   median %7.3f ms  (--state memory:)\n", wrapped_ms);
    std::printf("  wrapper overhead            median %7.3f ms  (goal < 2 ms)\n", overhead_ms);
    if (spawner_overhead_ms > 0)
        std::printf("  overhead vs minimal spawner ratio  %7.2f x\n",
                    overhead_ms / spawner_overhead_ms);
    std::printf(
        "  with a SQLite state file    median %7.3f ms  (+%.3f ms: open, health read, "
        "ledger append, checkpoint)\n",
        sqlite_ms, sqlite_ms - wrapped_ms);
    std::printf("  wrapper CPU (user+sys)      mean   %7.3f ms  (direct: %.3f ms)\n",
                wrapped_cpu / runs, direct_cpu / runs);
    std::printf("  failure -> next attempt     median %7.3f ms  (policy wait excluded)\n",
                median_ms(timing.gaps));
    std::printf(
        "  peak RSS of children        %ld KiB (largest of run-with-failover and "
        "/bin/true)\n",
        usage.ru_maxrss);
    const double via_direct_ms = median_ms(via_direct);
    const double via_proxy_ms = median_ms(via_proxy);
    const double slow_direct_ms = median_ms(slow_via_direct);
    const double slow_proxy_ms = median_ms(slow_via_proxy);
    std::printf("  lane of 2, --via direct, agent /bin/true      median %7.3f ms\n", via_direct_ms);
    std::printf(
        "  lane of 2, --via proxy,  agent /bin/true      median %7.3f ms  (+%.3f ms: the "
        "proxy's start competes with the agent's for 2 cores)\n",
        via_proxy_ms, via_proxy_ms - via_direct_ms);
    std::printf("  lane of 2, --via direct, agent of 50 ms       median %7.3f ms\n",
                slow_direct_ms);
    std::printf(
        "  lane of 2, --via proxy,  agent of 50 ms       median %7.3f ms  (+%.3f ms per step: "
        "sidecar start beside the agent, stop; goal < 5 ms)\n",
        slow_proxy_ms, slow_proxy_ms - slow_direct_ms);
    std::printf("  failover-proxy alone: spawn -> ready lines  median %7.3f ms\n",
                median_ms(proxy_ready));
    std::printf("  failover-proxy alone: SIGTERM -> exit       median %7.3f ms\n",
                median_ms(proxy_stop));
    return 0;
}
