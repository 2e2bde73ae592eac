#pragma once
// What one bench run measured, and the printed report: latency added over the direct
// baseline, highest sustained rates, CPU per request, time to first byte on streams, memory
// with open streams, each next to the goal. Printing never fails on a number.

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "load_generator.hpp"

namespace proxy_bench {

struct Measured {
    LoadResult load;
    double gateway_cpu_seconds = -1;  // the gateway's CPU over the phase; -1: no gateway
    long gateway_sleeps = -1;         // its threads' voluntary context switches over the phase
    int connections = 0;              // closed loop: how many
    double wall_seconds = 0;          // the phase, drain included
    // CPU other processes on the machine used during the phase, and hypervisor steal.
    double other_cpu_seconds = 0;
    double steal_seconds = 0;
    double cpu_us_per_request() const;
    double sleeps_per_request() const;  // -1 when not measured
    // Other work plus steal, in percent of one core: high values mean a disturbed phase.
    double noise_percent() const;
};

struct HoldReading {
    // The proxy of the load phases, before it is replaced by a fresh one for the streams.
    long rss_loaded_kib = -1;
    int64_t requests_served = 0;
    int streams = 0;
    int open = 0;  // streams with a body byte when RSS was sampled
    double open_seconds = 0;
    long rss_idle_kib = -1;   // before the streams, after the load phases
    long rss_peak_kib = -1;   // the highest sample while they were open
    long rss_after_kib = -1;  // a second after they were closed
    int fds_open = -1;
    int fds_after = -1;
    LoadResult load;
};

// Targets by key: "direct-chat", "pass", "direct-messages", "translate", "portkey".
struct BenchResults {
    std::string build_type;
    std::string pinning;
    std::string proxy_flags;
    std::string portkey;  // how it ran, or why it did not
    std::string bodies;   // body sizes
    std::string machine;  // cores and load average before and after: other work skews timings
    std::string portkey_stream_note;  // why Portkey's streams failed, from its log
    std::vector<int> rates;
    std::vector<int> goal_rates;  // the rates the latency goals are stated at
    int stream_rate = 0;
    std::map<std::string, std::map<int, Measured>> open_loop;
    std::map<std::string, Measured> closed_loop;  // the best of the concurrencies tried
    std::map<std::string, Measured> streams;
    HoldReading hold;
};

// One line for a phase as it ends (progress while the bench runs).
void print_phase(std::ostream& out, const std::string& phase, const std::string& target,
                 const Measured& measured);
void print_report(std::ostream& out, const BenchResults& results);

}  // namespace proxy_bench
