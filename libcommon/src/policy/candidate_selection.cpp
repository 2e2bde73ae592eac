#include <algorithm>

#include <lifeline/policy/candidate_selection.hpp>

namespace lifeline::policy {

Exclusions collect_exclusions(const std::vector<Candidate>& candidates,
                              const std::vector<AttemptRecord>& history) {
    Exclusions exclusions;
    // A prompt that overflowed before the compress hook ran says nothing about the smaller
    // prompt that exists now.
    const int prompt_version = history.empty() ? 0 : history.back().compress_runs;
    for (const AttemptRecord& record : history) {
        if (record.outcome.success || record.candidate >= candidates.size())
            continue;
        const Candidate& candidate = candidates[record.candidate];
        switch (record.outcome.failure_class) {
            case FailureClass::auth:
                exclusions.rejected_credentials.insert(candidate.credential);
                break;
            case FailureClass::region_blocked:
                exclusions.blocked_providers.insert(candidate.provider);
                if (!candidate.jurisdiction.empty())
                    exclusions.blocked_jurisdictions.insert(candidate.jurisdiction);
                break;
            case FailureClass::context_exceeded:
                if (record.compress_runs != prompt_version)
                    break;
                exclusions.too_small_context =
                    std::max(exclusions.too_small_context.value_or(0), candidate.context_window);
                break;
            default:
                break;
        }
    }
    return exclusions;
}

std::optional<std::string> disqualification(const Candidate& candidate,
                                            const Exclusions& exclusions) {
    if (exclusions.rejected_credentials.count(candidate.credential) != 0)
        return std::string("credential rejected");
    if (exclusions.blocked_providers.count(candidate.provider) != 0)
        return std::string("provider blocked our region");
    if (exclusions.too_small_context) {
        // An unknown window cannot be shown to be larger, and a prompt that did not fit once
        // will not fit a window of the same size.
        if (candidate.context_window <= 0)
            return std::string("context window unknown");
        if (candidate.context_window <= *exclusions.too_small_context) {
            return "context window " + std::to_string(candidate.context_window) +
                   " <= " + std::to_string(*exclusions.too_small_context);
        }
    }
    return std::nullopt;
}

Selection select_next_candidate(const ChainState& state, const Exclusions& exclusions) {
    Selection selection;
    std::optional<size_t> same_jurisdiction;
    for (size_t i = 0; i < state.candidates.size(); ++i) {
        if (i == state.current || state.attempted(i))
            continue;
        const Candidate& candidate = state.candidates[i];
        if (auto why = disqualification(candidate, exclusions)) {
            selection.skipped.push_back(candidate.label() + ": " + *why);
            continue;
        }
        // A location block is often a law or a sanction, which binds every provider of that
        // jurisdiction; try the others first and keep this one as the last resort.
        if (exclusions.blocked_jurisdictions.count(candidate.jurisdiction) != 0) {
            if (!same_jurisdiction)
                same_jurisdiction = i;
            continue;
        }
        selection.index = i;
        break;
    }
    if (!selection.index && same_jurisdiction)
        selection.index = same_jurisdiction;
    if (selection.index && same_jurisdiction && *selection.index != *same_jurisdiction) {
        const Candidate& deferred = state.candidates[*same_jurisdiction];
        selection.skipped.push_back(deferred.label() + ": same jurisdiction " +
                                    deferred.jurisdiction + " as a region block (kept for last)");
    }
    return selection;
}

}  // namespace lifeline::policy
