// provider-sim's scenario and fleet files (from the first byte: a scenario, or a fleet whose
// entries may name scenario files), written by hand for drills and CI. A scenario that parses
// is then matched as the sim would: every family, the first requests, early and late, with its
// probabilistic rules and jitter drawn.

#include <array>

#include "fault_engine.hpp"
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "memory_file_system.hpp"
#include "scenario_parse.hpp"

namespace lifeline::fuzz {
namespace {

constexpr std::array<provider_sim::Family, 7> k_families = {
    provider_sim::Family::openai, provider_sim::Family::azure,      provider_sim::Family::anthropic,
    provider_sim::Family::gemini, provider_sim::Family::openrouter, provider_sim::Family::admin,
    provider_sim::Family::sim};

void match_like_the_sim(const provider_sim::Scenario& scenario) {
    provider_sim::EngineState state;
    provider_sim::RandomSource random(scenario.seed);
    for (const provider_sim::Family family : k_families) {
        for (int64_t number = 1; number <= 3; ++number) {
            provider_sim::RequestFacts facts;
            facts.family = family;
            facts.path = "/v1/chat/completions";
            facts.model = number == 2 ? "" : "gpt-4o-mini";
            facts.request_number = number;
            facts.elapsed = Duration{number == 3 ? 3'600'000 : 0};
            const provider_sim::Rule* rule =
                provider_sim::match_rule(scenario, facts, state, random);
            if (rule == nullptr)
                continue;
            LIFELINE_FUZZ_CHECK(rule >= scenario.rules.data() &&
                                rule < scenario.rules.data() + scenario.rules.size());
            const Duration delay = provider_sim::effective_delay(*rule, random);
            LIFELINE_FUZZ_CHECK(delay >= rule->delay);
        }
    }
    LIFELINE_FUZZ_CHECK(state.fired.size() == scenario.rules.size());
}

}  // namespace

int fuzz_sim_scenario(const uint8_t* data, size_t size) {
    FuzzInput input(data, size);
    const bool fleet = (input.byte() & 1) != 0;
    const std::string_view text = input.rest();
    if (!fleet) {
        const auto scenario = provider_sim::parse_scenario_text(text, "scenario.yaml");
        if (scenario)
            match_like_the_sim(*scenario);
        return 0;
    }
    // A fleet's file entries are read relative to the fleet file: one healthy scenario, and the
    // input itself as a scenario file.
    testing::MemoryFileSystem fs;
    (void)fs.write_file_atomic("drill/healthy.yaml", "name: healthy\nrules: []\n");
    (void)fs.write_file_atomic("drill/self.yaml", text);
    const auto parsed = provider_sim::parse_fleet_text(text, "drill/fleet.yaml", fs);
    if (!parsed)
        return 0;
    LIFELINE_FUZZ_CHECK(!parsed->instances.empty());
    for (const auto& scenario : parsed->instances)
        match_like_the_sim(scenario);
    return 0;
}

}  // namespace lifeline::fuzz
