#pragma once
// Private to the http module: which CAs TLS verification trusts, when the user says so through
// the environment. libcurl reads the proxy variables (https_proxy/HTTPS_PROXY, http_proxy,
// NO_PROXY ...) by itself, but never a CA bundle: the curl CLI reads CURL_CA_BUNDLE in the tool,
// not the library. This is the one place the http module reads the environment for that.

#include <string>

#include <curl/curl.h>

#include <lifeline/core/environment.hpp>

#include "curl_library.hpp"

namespace lifeline::http::detail {

// Where verification finds trusted CAs; an empty field keeps libcurl's built-in default.
struct CaTrust {
    std::string bundle;     // a PEM file of CA certificates (CURLOPT_CAINFO)
    std::string directory;  // a hashed directory of CA certificates (CURLOPT_CAPATH)

    bool operator==(const CaTrust&) const = default;
};

// The curl CLI's variables: CURL_CA_BUNDLE, else SSL_CERT_FILE, is the bundle; SSL_CERT_DIR is
// the directory (always: the curl CLI skips it when CURL_CA_BUNDLE is set, but a directory
// only adds CAs). Unset and empty variables are missing. Paths are not checked here: a bundle
// that cannot be read fails every HTTPS request as a tls error naming the file; a directory
// that cannot be read just adds no CAs.
CaTrust ca_trust_from(const Environment& environment);

// ca_trust_from the process environment, read once on first use (thread-safe).
const CaTrust& process_ca_trust();

// Sets the non-empty fields of `trust` on `easy`; the others keep libcurl's defaults.
void apply_ca_trust(const CurlLibrary& curl, CURL* easy, const CaTrust& trust);

}  // namespace lifeline::http::detail
