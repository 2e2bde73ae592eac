#include <curl/curl.h>
#include <gtest/gtest.h>

#include <lifeline/http/curl_error_kind.hpp>

namespace lifeline::http {
namespace {

using Kind = TransportError::Kind;

struct Row {
    CURLcode code;
    AbortCause cause;
    Kind kind;
    FailureClass failure_class;
};

TEST(CurlErrorKind, MapsEveryCurlFailureToTheKindPolicyActsOn) {
    const Row rows[] = {
        // DNS failures cannot be produced in tests (no name resolution), so the table is it.
        {CURLE_COULDNT_RESOLVE_HOST, AbortCause::none, Kind::dns, FailureClass::network},
        {CURLE_COULDNT_RESOLVE_PROXY, AbortCause::none, Kind::dns, FailureClass::network},
        {CURLE_COULDNT_CONNECT, AbortCause::none, Kind::connect, FailureClass::network},
        {CURLE_SSL_CONNECT_ERROR, AbortCause::none, Kind::tls, FailureClass::tls},
        {CURLE_PEER_FAILED_VERIFICATION, AbortCause::none, Kind::tls, FailureClass::tls},
        {CURLE_SSL_CERTPROBLEM, AbortCause::none, Kind::tls, FailureClass::tls},
        {CURLE_SSL_CACERT_BADFILE, AbortCause::none, Kind::tls, FailureClass::tls},
        {CURLE_OPERATION_TIMEDOUT, AbortCause::none, Kind::timeout, FailureClass::timeout},
        {CURLE_RECV_ERROR, AbortCause::none, Kind::reset, FailureClass::network},
        {CURLE_SEND_ERROR, AbortCause::none, Kind::reset, FailureClass::network},
        {CURLE_PARTIAL_FILE, AbortCause::none, Kind::reset, FailureClass::network},
        {CURLE_GOT_NOTHING, AbortCause::none, Kind::reset, FailureClass::network},
        {CURLE_HTTP2_STREAM, AbortCause::none, Kind::reset, FailureClass::network},
        {CURLE_WRITE_ERROR, AbortCause::size_cap, Kind::too_large, FailureClass::stream_broken},
        {CURLE_FILESIZE_EXCEEDED, AbortCause::none, Kind::too_large, FailureClass::stream_broken},
        {CURLE_WRITE_ERROR, AbortCause::callback, Kind::aborted, FailureClass::stream_broken},
        {CURLE_WRITE_ERROR, AbortCause::none, Kind::aborted, FailureClass::stream_broken},
        {CURLE_OPERATION_TIMEDOUT, AbortCause::idle, Kind::timeout, FailureClass::timeout},
        {CURLE_OK, AbortCause::idle, Kind::timeout, FailureClass::timeout},
        {CURLE_URL_MALFORMAT, AbortCause::none, Kind::invalid, FailureClass::bad_request},
        {CURLE_UNSUPPORTED_PROTOCOL, AbortCause::none, Kind::invalid, FailureClass::bad_request},
        // Codes with no better home count as the path misbehaving.
        {CURLE_BAD_CONTENT_ENCODING, AbortCause::none, Kind::reset, FailureClass::network},
    };
    for (const Row& row : rows) {
        Kind kind = transport_error_kind(row.code, row.cause);
        EXPECT_EQ(kind, row.kind) << "CURLcode " << static_cast<int>(row.code);
        TransportError error{kind, "x", {}, 0};
        EXPECT_EQ(error.failure_class(), row.failure_class)
            << "CURLcode " << static_cast<int>(row.code);
    }
}

// The one rule every tool classifies a transport fault by (probe-endpoint, run-with-failover's
// request mode, failover-proxy): a cut after a 2xx status line is a broken answer, a cut before
// any response is the network, and silence is a timeout whatever came before it.
TEST(TransportErrorClass, ACutIsNetworkBeforeAResponseAndStreamBrokenAfterA2xx) {
    EXPECT_EQ((TransportError{Kind::reset, "x", {}, 0}.failure_class()), FailureClass::network);
    EXPECT_EQ((TransportError{Kind::reset, "x", {}, 200}.failure_class()),
              FailureClass::stream_broken);
    EXPECT_EQ((TransportError{Kind::reset, "x", {}, 503}.failure_class()), FailureClass::network);
    EXPECT_EQ((TransportError{Kind::timeout, "x", {}, 200}.failure_class()), FailureClass::timeout);
}

TEST(CurlErrorKind, MessagesAreOneLine) {
    std::string message =
        transport_error_message(Kind::connect, AbortCause::none,
                                "Failed to connect to 127.0.0.1 port 9 after 0 ms: "
                                "Couldn't connect to server\n");
    EXPECT_EQ(message,
              "could not connect: Failed to connect to 127.0.0.1 port 9 after 0 ms: "
              "Couldn't connect to server");
    EXPECT_EQ(transport_error_message(Kind::timeout, AbortCause::idle, "no bytes for 200 ms"),
              "idle timeout: no bytes for 200 ms");
    EXPECT_EQ(transport_error_message(Kind::aborted, AbortCause::callback, ""),
              "transfer aborted by the body consumer");
}

}  // namespace
}  // namespace lifeline::http
