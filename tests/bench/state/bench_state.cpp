// Prints operations per second for append (ledger) and reserve (budget) on each state backend,
// and each backend's ratio to the in-process memory store measured in the same run.
// Usage: bench_state [operations per measurement, default 2000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include <lifeline/storage/open.hpp>

#include "fake_clock.hpp"
#include "redis_server.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace lifeline;
using namespace lifeline::state;

// Runs `op` `count` times; returns operations per second, or -1 when an operation failed.
double measure(int count, const std::function<bool(int)>& op) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
        if (!op(i)) {
            return -1;
        }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return count / std::max(took.count(), 1e-9);
}

LedgerEntry sample_entry(int i, const Clock& clock) {
    LedgerEntry entry;
    entry.time = clock.now();
    entry.run_id = "bench-run";
    entry.session = "bench-session";
    entry.lane = "code";
    entry.provider = "openai";
    entry.model = "gpt-5.5";
    entry.attempt = 1 + i % 3;
    entry.input_tokens = 12'000 + i;
    entry.output_tokens = 900;
    entry.cost_usd = 0.024;
    entry.duration_ms = 3'100;
    return entry;
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
    lifeline::testing::TempDir dir;
    lifeline::testing::RedisServer redis;
    std::string redis_error;
    const bool have_redis = redis.start(redis_error);
    if (!have_redis) {
        std::fprintf(stderr, "bench_state: redis skipped: %s\n", redis_error.c_str());
    }

    std::map<std::string, std::string> urls = {{"memory", "memory:"},
                                               {"sqlite", "sqlite://" + dir.file("bench.db")}};
    if (have_redis) {
        urls["redis"] = redis.url("bench:");
    }
    std::map<std::string, std::map<std::string, double>> rates;  // op -> backend -> ops/s
    for (const std::string backend : {"memory", "sqlite", "redis"}) {
        if (!urls.count(backend)) {
            continue;
        }
        lifeline::testing::FakeClock clock;
        auto opened = open_state_store(urls[backend], clock);
        if (!opened) {
            std::fprintf(stderr, "bench_state: %s: %s\n", backend.c_str(),
                         opened.error().to_string().c_str());
            return 1;
        }
        StateStore& store = *opened->store;
        rates["append"][backend] =
            measure(count, [&](int i) { return store.append_ledger(sample_entry(i, clock)).ok(); });
        const BudgetLimit limit{"bench:tokens", 1e12, std::chrono::hours(24)};
        rates["reserve"][backend] = measure(count, [&](int) {
            auto reservation = store.reserve(limit, 1000, std::chrono::hours(1));
            return reservation.ok() && reservation->granted;
        });
        rates["reserve+settle"][backend] = measure(count, [&](int) {
            auto reservation = store.reserve(limit, 1000, std::chrono::hours(1));
            return reservation.ok() && reservation->granted &&
                   store.settle(reservation->id, 870).ok();
        });
    }

    std::printf("state store benchmark: %d operations per measurement, 1 process\n", count);
    std::printf("%-15s %-8s %14s %16s\n", "operation", "backend", "ops/s", "ratio to memory");
    for (const auto& [op, by_backend] : rates) {
        const double baseline = by_backend.at("memory");
        for (const std::string backend : {"memory", "sqlite", "redis"}) {
            auto it = by_backend.find(backend);
            if (it == by_backend.end()) {
                continue;
            }
            if (it->second < 0) {
                std::printf("%-15s %-8s %14s\n", op.c_str(), backend.c_str(), "FAILED");
                continue;
            }
            std::printf("%-15s %-8s %14.0f %16.4f\n", op.c_str(), backend.c_str(), it->second,
                        it->second / baseline);
        }
    }
    return 0;
}
