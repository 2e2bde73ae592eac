#pragma once
// Turns one probe's HTTP outcome into a classified ProbeResult: libcommon's classifiers for
// statuses, bodies and in-stream errors, then the probe kind's own check that the answer is
// what was asked for (a models list, an answer, a terminal stream event, a tool call).
// Pure: no clock reads, no I/O.

#include <string>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/http/transport.hpp>
#include <lifeline/probe/probe_plan.hpp>
#include <lifeline/probe/probe_result.hpp>
#include <lifeline/probe/stream_capture.hpp>
#include <lifeline/util/time.hpp>

namespace lifeline::probe {

// The result of `probe` given what the transport returned. `capture` is the stream's capture
// for stream probes (null otherwise). `now` dates wait hints. A request cut by the overall
// deadline rather than its own timeout is told by `deadline_cut` (the message says so).
ProbeResult read_probe(const PlannedProbe& probe, const lifeline::http::HttpResult& outcome,
                       const StreamCapture* capture, lifeline::SystemTime now,
                       bool deadline_cut = false);

// The result of a probe that was never sent (its credential could not be resolved).
ProbeResult unsent_probe(const PlannedProbe& probe, lifeline::FailureClass failure,
                         std::string message);

// The request id an answer carries: x-request-id, request-id, then the body's "id" or
// "request_id" (Anthropic errors); empty when none.
std::string find_request_id(const lifeline::http::Headers& headers, std::string_view body);

}  // namespace lifeline::probe
