#pragma once
// Between cpp-httplib and provider-sim's own SimRequest/SimResponse: reading a request, and
// delivering a planned response in time (delay, hang, drip, cut, stall). Every wait sleeps on
// the server's StopSignal, so a shutdown ends it at once.

#include <memory>

#include "sim_http.hpp"
#include "stop_signal.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace provider_sim {

// Method, path, query and body as they came; header names in lower case.
SimRequest to_sim_request(const httplib::Request& request);

// Fills `response` from `plan`. A delay that the stop cuts short answers 503; a hang answers
// 504 when it ends. Streams and dripped or cut bodies are written by content providers that
// hold `plan` (and `stop`, which must outlive the response) until the last byte is out.
void deliver(std::shared_ptr<SimResponse> plan, StopSignal& stop, httplib::Response& response);

}  // namespace provider_sim
