#pragma once
// --listen-fd N: serve on a TCP socket a supervisor bound and set listening before it started
// the proxy. The supervisor knows the address before the proxy runs, so it can start its
// client at once: the client's connections wait in the socket's backlog until the proxy
// accepts them, and the proxy's start-up overlaps the client's instead of preceding it.

#include <lifeline/util/result.hpp>

#include "proxy.hpp"

namespace failover_proxy {

// The address `fd` listens on, with `fd` set on it, after checking that it is an inherited,
// listening IPv4/IPv6 stream socket; `fd` is marked close-on-exec, so no process the proxy
// starts holds it. Errors: invalid_input naming the flag and what the descriptor is instead.
lifeline::Result<ListenAddress> adopt_listen_fd(int fd);

}  // namespace failover_proxy
