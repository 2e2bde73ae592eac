#include "fault_engine.hpp"

namespace provider_sim {

bool glob_match(std::string_view pattern, std::string_view text) {
    if (pattern.empty()) {
        return true;
    }
    // Iterative matcher with backtracking to the last '*': linear in practice, no recursion.
    size_t p = 0;
    size_t t = 0;
    size_t star = std::string_view::npos;
    size_t star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            star_text = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

namespace {

bool conditions_hold(const Rule& rule, const RequestFacts& facts, int64_t fired) {
    if (rule.family && *rule.family != facts.family) {
        return false;
    }
    if (!glob_match(rule.path, facts.path) || !glob_match(rule.model, facts.model)) {
        return false;
    }
    if (rule.first_request > 0 && facts.request_number < rule.first_request) {
        return false;
    }
    if (rule.last_request > 0 && facts.request_number > rule.last_request) {
        return false;
    }
    if (rule.after && facts.elapsed < *rule.after) {
        return false;
    }
    if (rule.before && facts.elapsed >= *rule.before) {
        return false;
    }
    return rule.times == 0 || fired < rule.times;
}

}  // namespace

const Rule* match_rule(const Scenario& scenario, const RequestFacts& facts, EngineState& state,
                       RandomSource& random) {
    state.fired.resize(scenario.rules.size(), 0);
    for (size_t i = 0; i < scenario.rules.size(); ++i) {
        const Rule& rule = scenario.rules[i];
        if (!conditions_hold(rule, facts, state.fired[i])) {
            continue;
        }
        // Draw only for probabilistic rules so adding one does not shift the others' draws.
        if (rule.probability < 1.0 && random.next_unit() >= rule.probability) {
            continue;
        }
        ++state.fired[i];
        return &rule;
    }
    return nullptr;
}

Duration effective_delay(const Rule& rule, RandomSource& random) {
    if (rule.jitter.count() <= 0) {
        return rule.delay;
    }
    auto extra =
        static_cast<int64_t>(random.next_unit() * static_cast<double>(rule.jitter.count() + 1));
    return rule.delay + Duration(extra);
}

}  // namespace provider_sim
