#pragma once
// The server-independent request and response of provider-sim. The HTTP server converts to
// and from these; everything between is pure and unit-tested.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario.hpp"

namespace provider_sim {

struct SimRequest {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query string
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    // The header's value; empty when absent. `name` must be lower case.
    std::string header(std::string_view name) const;
    // The query parameter's value; empty when absent.
    std::string query_param(std::string_view name) const;
};

// How the server delivers a response in time; the defaults deliver it at once.
struct Delivery {
    Duration delay{0};  // wait before the status line
    bool hang = false;  // never answer (until hang_for passes or the server stops)
    Duration hang_for{0};
    Duration drip_interval{0};  // pause between events (stream) or body pieces (JSON)
    int64_t cut_after = -1;     // stream: close after this many events without a terminal
                                // chunk; body: send half of it and close. -1 = no cut.
    Duration stall_for{0};      // at the cut, stay silent this long (or until the server
                                // stops) before closing; 0 = close at once
};

struct SimResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string content_type = "application/json";
    std::string body;                 // when !streaming
    bool streaming = false;           // text/event-stream with `events`, chunked
    std::vector<std::string> events;  // each an encoded SSE event
    Delivery delivery;
    std::string note;  // what the sim did, for the request log and stats ("rate_limited")

    void add_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

// A JSON response with `status` and `body`.
SimResponse json_response(int status, std::string body);

}  // namespace provider_sim
