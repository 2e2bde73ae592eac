#pragma once
// The proxy's Prometheus metrics (GET /metrics): requests, attempts and failovers by class and
// candidate, tokens, circuit states, and histograms of time to first byte and upstream
// latency. Thread-safe counters; rendering takes a snapshot.

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace failover_proxy {

class Metrics {
  public:
    // A request finished: the client API, the lane ("" when none was chosen) and its outcome
    // ("ok", or the failure class the client was given).
    void request(const std::string& api, const std::string& lane, const std::string& outcome);
    // One attempt on `candidate` ended with `outcome` ("ok" or a failure class).
    void attempt(const std::string& candidate, const std::string& outcome, double upstream_seconds);
    // The request left `candidate` for another after a failure of `failure_class`.
    void failover(const std::string& candidate, const std::string& failure_class);
    void first_byte(double seconds);
    void tokens(const std::string& candidate, int64_t input, int64_t output);

    // The exposition text, with `circuits` (label -> 0 closed, 1 open, 2 half-open) and
    // `in_flight` requests.
    std::string render(const std::map<std::string, int>& circuits, int in_flight) const;

  private:
    static constexpr std::array<double, 12> k_buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                         0.5,   1,    2.5,   5,    10,  30};
    struct Histogram {
        std::array<uint64_t, k_buckets.size()> counts{};
        uint64_t count = 0;
        double sum = 0;
        void add(double seconds);
    };
    static void render_histogram(std::string& out, const std::string& name, const std::string& help,
                                 const Histogram& histogram);

    mutable std::mutex m_mutex;
    std::map<std::tuple<std::string, std::string, std::string>, uint64_t> m_requests;
    std::map<std::pair<std::string, std::string>, uint64_t> m_attempts;
    std::map<std::pair<std::string, std::string>, uint64_t> m_failovers;
    std::map<std::pair<std::string, std::string>, int64_t> m_tokens;
    Histogram m_first_byte;
    Histogram m_upstream;
};

}  // namespace failover_proxy
