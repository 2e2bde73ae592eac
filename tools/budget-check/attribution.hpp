#pragma once
// The tally behind Summary::attribution (internal to budget-check): which records were
// first-try work, work after a retry, work on a fallback or failed attempts, and how many
// ledger runs needed a retry or a fallback.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "summary.hpp"
#include "usage.hpp"

namespace lifeline::budget {

class AttributionTally {
  public:
    // Files the record under failed, on fallback, after retry or first try (the first that
    // applies) and, when it names a run id, counts its retry and fallback against that run.
    // `cost` nullopt when the record is unpriced.
    void add(const UsageRecord& record, std::optional<double> cost);

    // The attribution of every record added, with the run counts filled in.
    Attribution finish() &&;

  private:
    struct RunStats {
        int64_t retries = 0;
        bool fallback = false;
    };

    Attribution m_attribution;
    std::map<std::string, RunStats> m_runs;  // by run id
};

}  // namespace lifeline::budget
