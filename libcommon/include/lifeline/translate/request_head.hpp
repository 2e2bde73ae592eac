#pragma once
// What failover-proxy routes a client request on, read without decoding the request: whether
// it is one JSON object, its model and whether it streams. A request passed through to an
// upstream of its own API is re-addressed to the upstream's model by replacing that one token,
// so its bytes are otherwise sent exactly as the client wrote them (key order, numbers,
// whitespace) and never re-serialised.

#include <cstddef>
#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace lifeline::translate {

struct RequestHead {
    std::string model;    // the top-level "model" string; "" when absent or not a string
    bool stream = false;  // the top-level "stream" when it is true
    // Where the model's value is in the body (a string with its quotes, or an object, array or
    // other value whole); length 0 when the body has no top-level "model".
    size_t model_offset = 0;
    size_t model_length = 0;
};

// The head of `body`. ErrorCode::parse when it is not one JSON object (or not valid UTF-8).
// With duplicate keys the first one counts.
Result<RequestHead> read_request_head(std::string_view body);

// `body` (whose head is `head`) with its top-level model set to `model`: the model's value
// replaced, or a "model" member added at the start of the object when there is none.
std::string with_model(std::string_view body, const RequestHead& head, std::string_view model);

}  // namespace lifeline::translate
