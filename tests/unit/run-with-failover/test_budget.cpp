// The run's bookkeeping: the ledger row's cost comes from libcommon's one cost formula, so
// budget-check (which trusts a recorded cost_usd) reports what it would have computed itself.

#include <sstream>

#include <gtest/gtest.h>

#include <lifeline/storage/backends.hpp>

#include "budget.hpp"
#include "fake_clock.hpp"

namespace run_with_failover {
namespace {

TEST(RunBookkeeping, LedgerCostPricesCacheReadsAndWritesLikeBudgetCheck) {
    lifeline::config::Config config;
    lifeline::config::ProviderConfig anthropic;
    anthropic.name = "anthropic";
    anthropic.kind = lifeline::config::ProviderKind::anthropic;
    config.providers.push_back(anthropic);
    lifeline::config::ModelConfig sonnet;
    sonnet.name = "claude-sonnet-4-6";
    sonnet.provider = "anthropic";
    sonnet.price = lifeline::config::Price{3, 15, 0.30};
    config.models.push_back(sonnet);

    lifeline::testing::FakeClock clock;
    auto store = lifeline::state::make_memory_store(clock);
    std::ostringstream err;
    BudgetSettings settings;
    settings.session = "s1";
    settings.run_id = "r1";
    RunBookkeeping bookkeeping(store.get(), settings, config, clock, err);

    AttemptEntry entry;
    entry.number = 1;
    entry.provider = "anthropic";
    entry.model = "claude-sonnet-4-6";
    lifeline::provider::Usage usage;
    usage.input_tokens = 103'000;  // 1000 uncached + 2000 written + 100000 read
    usage.cache_creation_tokens = 2'000;
    usage.cached_input_tokens = 100'000;
    usage.output_tokens = 500;
    entry.usage = usage;
    bookkeeping.record(entry);

    auto rows = store->query_ledger({});
    ASSERT_TRUE(rows.ok()) << rows.error().to_string();
    ASSERT_EQ(rows->size(), 1u);
    ASSERT_TRUE((*rows)[0].cost_usd);
    // Before one formula, run-with-failover billed all 103000 input tokens at $3: $0.3165.
    EXPECT_DOUBLE_EQ(*(*rows)[0].cost_usd,
                     (1'000 * 3 + 2'000 * 3.75 + 100'000 * 0.30 + 500 * 15) / 1e6);
    EXPECT_TRUE(err.str().empty()) << err.str();
}

}  // namespace
}  // namespace run_with_failover
