#pragma once
// Raising the accept backlog of a socket cpp-httplib already listens on.
//
// Debian's cpp-httplib is a compiled library built with CPPHTTPLIB_LISTEN_BACKLOG 5, so a burst
// of connections to one port (probe-endpoint probing 50 targets at once) overflows the queue
// and clients wait for SYN retransmits. Linux lets listen() be called again on a listening
// socket to change its backlog, which is what this does.

namespace provider_sim {

inline constexpr int k_listen_backlog = 1024;

// Finds this process's listening TCP socket bound to `port` and re-listens with `backlog`.
// Returns false when no such socket was found (the server then keeps the library's backlog).
bool widen_listen_backlog(int port, int backlog = k_listen_backlog);

}  // namespace provider_sim
