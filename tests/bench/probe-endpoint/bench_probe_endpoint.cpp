// 50 targets, each answering after 300 ms, probed by one probe-endpoint run. Prints the wall
// time as a ratio to a run probing one target (goal <= 1.2: concurrency, not a sum) and to a
// sequential curl loop over the same 50 targets, all measured here, in the same run.
//   bench_probe_endpoint [targets] [repetitions]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "probe_harness.hpp"

namespace {

using probe_it::k_sim_key;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// One `curl` process per target, one after the other, as a shell loop would run them.
double curl_loop_ms(const probe_it::Sim& sim, int targets) {
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < targets; ++i) {
        const std::string url = sim.url(static_cast<size_t>(i)) + "/v1/models";
        const pid_t pid = fork();
        if (pid == 0) {
            const std::string header = std::string("Authorization: Bearer ") + k_sim_key;
            execl(CURL_BINARY, "curl", "-s", "-o", "/dev/null", "-H", header.c_str(), url.c_str(),
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        waitpid(pid, nullptr, 0);
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    const int targets = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
    const int repetitions = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    // A fleet: every target is its own provider-sim instance on its own port.
    std::string fleet = "version: 1\nproviders:\n";
    for (int i = 1; i <= targets; ++i) {
        fleet += "  p" + std::to_string(i) + ": {keys: [" + k_sim_key +
                 "], rules: [{name: fixed-300ms, fault: latency, delay: 300ms}]}\n";
    }
    probe_it::Sim sim(fleet, {"--threads", "8"}, probe_it::Sim::Mode::fleet);
    if (sim.instances() != static_cast<size_t>(targets)) {
        std::fprintf(stderr, "bench_probe_endpoint: provider-sim did not start %d instances\n",
                     targets);
        return 1;
    }
    probe_it::TempDir dir;
    std::string yaml = "version: 1\nproviders:\n";
    for (int i = 1; i <= targets; ++i) {
        yaml += "  p" + std::to_string(i) + ": {kind: openai-compatible, base_url: \"" +
                sim.url(static_cast<size_t>(i - 1)) + "/v1\", auth: {env: SIM_KEY}}\n";
    }
    dir.write("lifeline.yaml", yaml);
    const std::map<std::string, std::string> env = {{"SIM_KEY", k_sim_key}};

    std::vector<double> one;
    std::vector<double> all;
    std::vector<double> loop;
    int healthy = 0;
    for (int r = 0; r < repetitions; ++r) {
        const auto single =
            probe_it::run_probe({"--provider", "p1", "--no-state"}, dir.path(), env);
        const auto many = probe_it::run_probe({"--no-state"}, dir.path(), env);
        if (single.exit_code != 0 || many.exit_code != 0) {
            std::fprintf(stderr, "bench_probe_endpoint: probe-endpoint failed (%d, %d): %s\n",
                         single.exit_code, many.exit_code, many.err.c_str());
            return 1;
        }
        healthy = static_cast<int>(many.doc["data"]["healthy"].size());
        one.push_back(single.wall_ms);
        all.push_back(many.wall_ms);
        loop.push_back(curl_loop_ms(sim, targets));
    }
    const double one_ms = median(one);
    const double all_ms = median(all);
    const double loop_ms = median(loop);
    std::printf("probe-endpoint bench: %d targets answering after 300 ms, median of %d runs\n",
                targets, repetitions);
    std::printf("  one target, one run      %8.1f ms\n", one_ms);
    std::printf("  %d targets, one run      %8.1f ms  (%d healthy)\n", targets, all_ms, healthy);
    std::printf("  sequential curl loop     %8.1f ms\n", loop_ms);
    std::printf("  ratio to one probe       %8.2f  (goal <= 1.2)\n", all_ms / one_ms);
    std::printf("  ratio to the curl loop   %8.3f  (%.1fx faster)\n", all_ms / loop_ms,
                loop_ms / all_ms);
    return 0;
}
