#include <curl/curl.h>

#include <lifeline/http/curl_error_kind.hpp>

namespace lifeline::http {

TransportError::Kind transport_error_kind(int curl_code, AbortCause cause) {
    using Kind = TransportError::Kind;
    // Our own checks abort through curl (write callback returns 0, progress callback returns
    // non-zero, or the handle is removed), so curl's code only says "write error": the cause
    // recorded at abort time is the truth.
    switch (cause) {
        case AbortCause::idle:
            return Kind::timeout;
        case AbortCause::size_cap:
            return Kind::too_large;
        case AbortCause::callback:
            return Kind::aborted;
        case AbortCause::none:
            break;
    }
    switch (static_cast<CURLcode>(curl_code)) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return Kind::dns;
        case CURLE_COULDNT_CONNECT:
        case CURLE_PROXY:
        case CURLE_QUIC_CONNECT_ERROR:
            return Kind::connect;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CLIENTCERT:
        case CURLE_USE_SSL_FAILED:
            return Kind::tls;
        case CURLE_OPERATION_TIMEDOUT:
            return Kind::timeout;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_HTTP3:
        case CURLE_WEIRD_SERVER_REPLY:
            return Kind::reset;
        case CURLE_FILESIZE_EXCEEDED:
            // CURLOPT_MAXFILESIZE rejected a Content-Length above the cap before any body.
            return Kind::too_large;
        case CURLE_WRITE_ERROR:
        case CURLE_ABORTED_BY_CALLBACK:
            // Without a recorded cause only a caller-side callback can have stopped it.
            return Kind::aborted;
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_BAD_FUNCTION_ARGUMENT:
        case CURLE_NOT_BUILT_IN:
        case CURLE_UNKNOWN_OPTION:
        case CURLE_TOO_MANY_REDIRECTS:
            return Kind::invalid;
        default:
            return Kind::reset;
    }
}

namespace {

const char* describe(TransportError::Kind kind, AbortCause cause) {
    using Kind = TransportError::Kind;
    switch (cause) {
        case AbortCause::idle:
            return "idle timeout";
        case AbortCause::size_cap:
            return "response body exceeded the size limit";
        case AbortCause::callback:
            return "transfer aborted by the body consumer";
        case AbortCause::none:
            break;
    }
    switch (kind) {
        case Kind::dns:
            return "host name did not resolve";
        case Kind::connect:
            return "could not connect";
        case Kind::tls:
            return "TLS handshake or certificate failure";
        case Kind::timeout:
            return "timed out";
        case Kind::reset:
            return "connection failed mid-transfer";
        case Kind::too_large:
            return "response body exceeded the size limit";
        case Kind::aborted:
            return "transfer aborted";
        case Kind::invalid:
            return "invalid request";
    }
    return "transfer failed";
}

}  // namespace

std::string transport_error_message(TransportError::Kind kind, AbortCause cause,
                                    std::string_view detail_text) {
    std::string message = describe(kind, cause);
    std::string detail;
    for (char c : detail_text) {
        // curl's buffer sometimes ends in "\n"; status documents want one line.
        detail += (c == '\n' || c == '\r') ? ' ' : c;
    }
    while (!detail.empty() && detail.back() == ' ')
        detail.pop_back();
    if (!detail.empty())
        message += ": " + detail;
    return message;
}

}  // namespace lifeline::http
