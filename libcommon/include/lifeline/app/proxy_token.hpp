#pragma once
// The bearer token failover-proxy requires of every client when none is configured: made by
// failover-proxy for itself (written to its ready file), and by run-with-failover for the
// sidecar it starts (handed over in an environment variable).

#include <string>

namespace lifeline::app {

// "llp-" and 128 bits from the OS's random source, as 32 hex digits.
std::string new_proxy_token();

}  // namespace lifeline::app
