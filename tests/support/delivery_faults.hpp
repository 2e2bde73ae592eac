#pragma once
// provider-sim's delivery faults (a 200 answer bent out of shape, as opposed to an HTTP error
// in a provider's shape), one scenario rule each, for the tests that run every tool against
// every fault of the chaos scenario. The parameters suit clients given short timeouts: a 1 s
// idle timeout and a total of 2-3 s per attempt.

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lifeline::testing {

struct DeliveryFault {
    std::string name;  // a fault id of provider-sim ("hang", "stall", ...), also the test name
    std::string rule;  // the rule's effect in YAML flow style: "fault: hang, hang_for: 30s"
};

// GoogleTest prints a fault (in listings and failures) as its rule.
inline void PrintTo(const DeliveryFault& fault, std::ostream* out) {
    *out << fault.rule;
}

// One row per delivery fault provider-sim has: latency (a slow first byte within every
// timeout), slow_drip (within every timeout), stream_cut and stall (after the first text of a
// reply of at least twelve words: see k_chaos_reply), malformed_json, stream_error, a body of
// 17 MB (above the 16 MiB cap of probe-endpoint and run-with-failover) and a hang.
const std::vector<DeliveryFault>& delivery_faults();

// A reply long enough that every API streams more than six events of text.
inline constexpr const char* k_chaos_reply =
    "one two three four five six seven eight nine ten eleven twelve";

// The fault ids that `covered` (fault ids, as in DeliveryFault::name) leaves out: every
// delivery fault provider-sim accepts (aliases such as `timeout` count as the fault they name)
// and every fault its chaos scenario (tools/provider-sim/scenarios/chaos.yaml) uses. Empty when
// all are covered; a scenario that cannot be read is reported as "chaos.yaml: <error>".
std::vector<std::string> delivery_faults_missing_from(const std::vector<std::string>& covered);

// A test over delivery_faults() named after its fault (INSTANTIATE_TEST_SUITE_P's last
// argument): `Faults/Suite.Test/hang`.
std::string delivery_fault_test_name(const ::testing::TestParamInfo<DeliveryFault>& info);

}  // namespace lifeline::testing
