#pragma once
// One model call through the proxy: the lane's candidates in order (open circuits and too
// small context windows skipped, demoted ones last, a session's pinned candidate first), one
// attempt at a time under the shared failover policy (policy/attempt_plan.hpp), each attempt
// an asynchronous upstream request. A stream is held back until the upstream's first content
// event, so anything that fails before it (an error status, a 200 followed by an error event
// or a cut, a first-token deadline) still moves to the next candidate; after it, a failure
// ends the client's stream with the client's own retryable error event.
//
// Lives on its connection's event loop: every method and every upstream callback runs on that
// loop's thread (the loop's transport calls back there, never inside start() or cancel()).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <lifeline/http/async_transport.hpp>
#include <lifeline/policy/attempt_plan.hpp>
#include <lifeline/policy/chain_state.hpp>

#include "access_log.hpp"
#include "answer_reader.hpp"
#include "attempt_failure.hpp"
#include "client_reply.hpp"
#include "client_request.hpp"
#include "lane_choice.hpp"
#include "responder.hpp"
#include "services.hpp"
#include "upstream_call.hpp"

namespace failover_proxy {

class RequestFlow : public std::enable_shared_from_this<RequestFlow> {
  public:
    // `upstream` is the transport of the loop `executor` runs on.
    RequestFlow(boost::asio::any_io_executor executor, Services& services,
                lifeline::http::AsyncTransport& upstream, std::shared_ptr<const Snapshot> snapshot,
                ClientRequest request, LaneChoice lane, std::string session, Responder& responder,
                RequestRecord record);

    // Plans the chain and runs the first attempt.
    void start();
    // The client went away: the upstream transfer is cancelled and nothing more is sent.
    void cancel();
    // The proxy is stopping: an open stream ends with the client's retryable error event, an
    // unanswered request gets a retryable error answer.
    void abort_for_shutdown();
    bool finished() const { return m_finished; }

  private:
    struct Attempt {
        uint64_t seq = 0;
        size_t candidate = 0;
        lifeline::http::TransferId transfer = 0;
        UpstreamCall call;
        std::optional<StreamReader> reader;
        int status = 0;
        lifeline::Headers headers;
        std::string body;  // a whole 2xx body
        std::chrono::steady_clock::time_point started;
        std::optional<double> ttfb_ms;
    };

    void plan();
    void run_attempt(size_t index);
    void begin_attempt(size_t index);
    void start_transfer();
    void arm_first_token_deadline();
    void on_headers(uint64_t seq, int status, const lifeline::Headers& headers);
    void on_chunk(uint64_t seq, std::string_view chunk);
    void on_done(uint64_t seq, lifeline::http::HttpResult result);
    void on_first_token_timeout(uint64_t seq);

    void stream_done(Attempt& attempt);
    // The stream the client is reading ended: cleanly, or cut (`complete` false).
    void stream_ended_after_output(std::string out, bool complete,
                                   const lifeline::translate::StreamProgress& progress);
    void whole_done(Attempt& attempt, const lifeline::http::HttpResponse& response);
    // The attempt failed before the client saw output: ask the policy what follows.
    void attempt_failed(const AttemptFailure& failure);
    void retry_after_wait(size_t candidate, lifeline::Duration wait);
    void attempt_succeeded(std::optional<lifeline::translate::Usage> usage);
    // The attempt failed after output: the stream ends with the client's error event.
    void failed_after_output(lifeline::FailureClass failure_class, std::string message);

    void commit_stream();
    // The client has its first byte now: the request's time to first byte.
    void note_first_byte();
    void finish_error(lifeline::FailureClass failure_class, const std::string& message,
                      std::optional<lifeline::Duration> retry_after);
    void finish(int status, const std::string& outcome);
    // `estimated`: the usage is the proxy's estimate; `counts_for_health`: false when the
    // attempt ended for a reason of the client's (it disconnected), not the upstream's.
    void record_attempt(std::optional<lifeline::FailureClass> failure,
                        std::optional<lifeline::translate::Usage> usage,
                        std::optional<lifeline::Duration> retry_after, bool after_output,
                        bool estimated = false, bool counts_for_health = true);
    // Records an attempt whose stream was cut after output, with the tokens it used so far.
    void record_cut_stream(std::optional<lifeline::FailureClass> failure, bool counts_for_health);
    void stop_transfer();
    const lifeline::routing::RouteCandidate& current() const;

    Services& m_services;
    lifeline::http::AsyncTransport& m_upstream;
    std::shared_ptr<const Snapshot> m_snapshot;
    ClientRequest m_request;
    LaneChoice m_lane;
    std::string m_session;
    ClientReply m_reply;
    RequestRecord m_record;

    std::vector<lifeline::routing::RouteCandidate> m_chain;
    lifeline::FailureClass m_unavailable_class = lifeline::FailureClass::overloaded;
    lifeline::policy::ChainState m_state;
    lifeline::policy::SeededRandom m_random;
    std::chrono::steady_clock::time_point m_started;
    Attempt m_attempt;
    uint64_t m_next_seq = 1;
    boost::asio::steady_timer m_timer;  // first-token deadline and retry waits
    bool m_finished = false;
    bool m_cancelled = false;
};

}  // namespace failover_proxy
