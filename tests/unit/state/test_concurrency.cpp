// 8 processes x 1,000 ledger appends and budget reservations at once against one SQLite file
// or one Redis server: the totals are exact and no reservation ever passes the limit.
#include <cstdio>

#include <sys/wait.h>
#include <unistd.h>

#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

constexpr int k_processes = 8;
constexpr int k_rounds = 1000;
constexpr double k_amount = 3;
// 8,000 requests of 3 against 10,000: exactly 3,333 fit, and the last 1 never does.
const BudgetLimit k_limit{"session:load-test:tokens", 10'000, Duration{0}};

struct ChildReport {
    int granted = 0;
    int appended = 0;
    int errors = 0;
    double max_used = 0;
};

// Runs in the forked child: its own connection, its own clock (same start time).
ChildReport hammer(const std::string& url, int child) {
    ChildReport report;
    testing::FakeClock clock;
    StateOpenOptions options;
    options.busy_timeout = 20s;
    auto opened = open_state_store(url, clock, options);
    if (!opened) {
        std::fprintf(stderr, "child %d: %s\n", child, opened.error().to_string().c_str());
        report.errors = 1;
        return report;
    }
    StateStore& store = *opened->store;
    for (int i = 0; i < k_rounds; ++i) {
        LedgerEntry entry;
        entry.time = clock.now();
        entry.run_id = "child-" + std::to_string(child);
        entry.session = "load-test";
        entry.provider = "openai";
        entry.model = "gpt-5.5";
        entry.input_tokens = i + 1;
        entry.output_tokens = 1;
        if (store.append_ledger(entry)) {
            ++report.appended;
        } else {
            ++report.errors;
        }
        auto reservation = store.reserve(k_limit, k_amount, 1h);
        if (!reservation) {
            ++report.errors;
            continue;
        }
        report.max_used = std::max(report.max_used, reservation->used);
        if (reservation->granted) {
            ++report.granted;
            // Half are settled at the reserved amount: the total must not move.
            if (i % 2 == 0 && !store.settle(reservation->id, k_amount)) {
                ++report.errors;
            }
        }
    }
    return report;
}

class ProcessConcurrency : public testing::StoreTest {};

TEST_P(ProcessConcurrency, EightProcessesKeepExactTotalsAndNeverPassTheLimit) {
    struct Child {
        pid_t pid;
        int read_fd;
    };
    std::vector<Child> children;
    for (int child = 0; child < k_processes; ++child) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            const ChildReport report = hammer(m_url, child);
            const ssize_t written = write(fds[1], &report, sizeof report);
            _exit(written == static_cast<ssize_t>(sizeof report) ? 0 : 3);
        }
        close(fds[1]);
        children.push_back({pid, fds[0]});
    }
    ChildReport total;
    for (const Child& child : children) {
        ChildReport report;
        const ssize_t got = read(child.read_fd, &report, sizeof report);
        close(child.read_fd);
        int status = 0;
        waitpid(child.pid, &status, 0);
        ASSERT_EQ(got, static_cast<ssize_t>(sizeof report)) << "a child died";
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        total.granted += report.granted;
        total.appended += report.appended;
        total.errors += report.errors;
        total.max_used = std::max(total.max_used, report.max_used);
    }
    EXPECT_EQ(total.errors, 0);
    EXPECT_EQ(total.appended, k_processes * k_rounds);
    EXPECT_EQ(total.granted, 3'333);
    EXPECT_LE(total.max_used, k_limit.limit);

    auto usage = store->budget_usage(k_limit);
    ASSERT_TRUE(usage) << usage.error().to_string();
    EXPECT_EQ(usage->used, 9'999);
    LedgerQuery query;
    query.session = "load-test";
    auto totals = store->ledger_totals(query);
    ASSERT_TRUE(totals) << totals.error().to_string();
    EXPECT_EQ(totals->entries, k_processes * k_rounds);
    EXPECT_EQ(totals->input_tokens, int64_t{k_processes} * k_rounds * (k_rounds + 1) / 2);
    EXPECT_EQ(store->aggregate_ledger(query, LedgerGroupBy::run_id)->size(), 8u);
}

INSTANTIATE_TEST_SUITE_P(MultiProcess, ProcessConcurrency, ::testing::Values("sqlite", "redis"),
                         ::lifeline::testing::backend_name);

}  // namespace
}  // namespace lifeline::state
