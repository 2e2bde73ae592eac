#pragma once
// Private to the http module: libcurl, loaded with dlopen on the first request instead of at
// program start. libcurl pulls in some thirty shared libraries (TLS, Kerberos, LDAP, SSH, IDN);
// mapping and relocating them costs a process several milliseconds, which every tool start
// would pay even when it makes no request (run-with-failover wrapping an agent never does).
//
// Contract: curl_library() loads the library and runs curl_global_init once per process
// (thread-safe). It returns the entry points, or a one-line error that names the library and
// what to do. The library stays loaded until exit.

#include <string>

#include <curl/curl.h>

#include <lifeline/util/result.hpp>

namespace lifeline::http::detail {

// The libcurl functions the transport uses, by their curl names without the "curl_" prefix.
// easy_setopt, easy_getinfo and multi_setopt are the variadic functions themselves: the
// compile-time type checks curl.h adds through macros do not apply to calls through these pointers.
struct CurlLibrary {
    decltype(&::curl_global_init) global_init = nullptr;
    decltype(&::curl_easy_init) easy_init = nullptr;
    decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&::curl_easy_setopt) easy_setopt = nullptr;
    decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&::curl_easy_strerror) easy_strerror = nullptr;
    decltype(&::curl_slist_append) slist_append = nullptr;
    decltype(&::curl_slist_free_all) slist_free_all = nullptr;
    decltype(&::curl_multi_init) multi_init = nullptr;
    decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
    decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
    decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
    decltype(&::curl_multi_perform) multi_perform = nullptr;
    decltype(&::curl_multi_info_read) multi_info_read = nullptr;
    decltype(&::curl_multi_poll) multi_poll = nullptr;
    decltype(&::curl_multi_wakeup) multi_wakeup = nullptr;  // CurlAsyncTransport's start/cancel
    // CurlLoopTransport: curl's socket interface, driven by the caller's event loop.
    decltype(&::curl_multi_setopt) multi_setopt = nullptr;
    decltype(&::curl_multi_socket_action) multi_socket_action = nullptr;
};

using CurlLibraryResult = Result<const CurlLibrary*, std::string>;

// The process's libcurl (LIFELINE_LIBCURL_SONAME), loaded and initialised on the first call.
const CurlLibraryResult& curl_library();

// Loads `soname` and resolves every entry point, without curl_global_init; the error says
// which library or function is missing. curl_library() uses it; tests call it directly.
Result<CurlLibrary, std::string> load_curl_library(const char* soname);

}  // namespace lifeline::http::detail
