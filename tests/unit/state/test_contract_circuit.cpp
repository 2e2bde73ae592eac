// Contract: persisted circuit state and the single half-open trial, on every backend.
#include "store_fixture.hpp"

namespace lifeline::state {
namespace {

using namespace std::chrono_literals;

class CircuitContract : public testing::StoreTest {
  protected:
    CircuitState opened_for(Duration cooldown) {
        CircuitState circuit;
        circuit.phase = CircuitPhase::open;
        circuit.opened_at = clock.now();
        circuit.retry_at = clock.now() + cooldown;
        return circuit;
    }
};

TEST_P(CircuitContract, ACandidateNeverSeenIsClosed) {
    auto circuit = store->get_circuit("openai/gpt-5.5");
    ASSERT_TRUE(circuit) << circuit.error().to_string();
    EXPECT_EQ(*circuit, CircuitState{});
}

TEST_P(CircuitContract, StoresAnOpenCircuitWithItsTimes) {
    const CircuitState open = opened_for(30s);
    ASSERT_TRUE(store->set_circuit("anthropic/claude-sonnet-4-6", open));
    EXPECT_EQ(*store->get_circuit("anthropic/claude-sonnet-4-6"), open);
    EXPECT_EQ(store->get_circuit("openai/gpt-5.5")->phase, CircuitPhase::closed);
}

TEST_P(CircuitContract, OnlyOneCallerGetsTheTrialAfterTheCooldown) {
    ASSERT_TRUE(store->set_circuit("openai/gpt-5.5", opened_for(30s)));
    EXPECT_FALSE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-a", 60s));

    clock.advance(30s);
    auto first = store->claim_half_open_trial("openai/gpt-5.5", "runner-a", 60s);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_TRUE(*first);
    EXPECT_FALSE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-b", 60s));

    auto circuit = store->get_circuit("openai/gpt-5.5");
    EXPECT_EQ(circuit->phase, CircuitPhase::half_open);
    EXPECT_EQ(circuit->trial_owner, "runner-a");
    EXPECT_EQ(circuit->trial_until, clock.now() + 60s);
}

TEST_P(CircuitContract, AnAbandonedTrialCanBeTakenOverWhenItsLeaseEnds) {
    ASSERT_TRUE(store->set_circuit("openai/gpt-5.5", opened_for(0s)));
    ASSERT_TRUE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-a", 60s));
    clock.advance(59s);
    EXPECT_FALSE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-b", 60s));
    clock.advance(1s);
    EXPECT_TRUE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-b", 60s));
    EXPECT_EQ(store->get_circuit("openai/gpt-5.5")->trial_owner, "runner-b");
}

TEST_P(CircuitContract, AClosedCircuitHasNoTrialToClaim) {
    EXPECT_FALSE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-a", 60s));
    ASSERT_TRUE(store->set_circuit("openai/gpt-5.5", opened_for(0s)));
    ASSERT_TRUE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-a", 60s));
    ASSERT_TRUE(store->set_circuit("openai/gpt-5.5", CircuitState{}));  // the trial succeeded
    EXPECT_EQ(*store->get_circuit("openai/gpt-5.5"), CircuitState{});
    EXPECT_FALSE(*store->claim_half_open_trial("openai/gpt-5.5", "runner-b", 60s));
}

LIFELINE_ALL_BACKENDS(CircuitContract);

}  // namespace
}  // namespace lifeline::state
