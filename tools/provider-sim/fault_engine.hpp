#pragma once
// The pure matching engine: which rule of a scenario applies to a request, given the request's
// facts, how often each rule fired, the time since the scenario started and a random source.

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "scenario.hpp"

namespace provider_sim {

// What the engine needs to know about one request.
struct RequestFacts {
    Family family = Family::openai;
    std::string_view path;
    std::string_view model;      // empty when the request names none
    int64_t request_number = 1;  // 1-based, counted per instance since the scenario started
    Duration elapsed{0};         // since the scenario started
};

// Uniform draws in [0, 1), seeded, so a scenario with a seed replays the same faults.
class RandomSource {
  public:
    explicit RandomSource(uint64_t seed) : m_engine(seed) {}
    double next_unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_engine); }

  private:
    std::mt19937_64 m_engine;
};

// How often each rule of a scenario has fired; index = rule index. Reset with the scenario.
struct EngineState {
    std::vector<int64_t> fired;
};

// The first rule whose conditions all hold, counting it as fired; nullptr when none matches
// (the request gets the normal answer). A rule with probability < 1 draws once per request
// that passes its other conditions.
const Rule* match_rule(const Scenario& scenario, const RequestFacts& facts, EngineState& state,
                       RandomSource& random);

// The rule's delay plus a uniform draw in [0, jitter].
Duration effective_delay(const Rule& rule, RandomSource& random);

// Shell-style glob with '*' (any run of characters) and '?' (one character); an empty
// pattern matches everything.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace provider_sim
