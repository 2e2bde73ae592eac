// The load generator's response reader: every framing it meets, fed whole and one byte at a
// time (a reply split anywhere by TCP must read the same).

#include "response_parser.hpp"

#include <gtest/gtest.h>

namespace proxy_bench {
namespace {

struct Reading {
    bool ok = true;
    bool complete = false;
    bool body_started = false;
    int status = 0;
    bool keep_alive = false;
};

Reading read_in_pieces(const std::string& bytes, size_t piece, bool eof = false) {
    ResponseParser parser;
    Reading reading;
    for (size_t at = 0; at < bytes.size() && reading.ok; at += piece)
        reading.ok = parser.feed(std::string_view(bytes).substr(at, piece));
    if (eof)
        parser.on_eof();
    reading.complete = parser.complete();
    reading.body_started = parser.body_started();
    reading.status = parser.status();
    reading.keep_alive = parser.keep_alive();
    return reading;
}

void expect_same_whole_and_bytewise(const std::string& bytes, bool complete, bool eof = false) {
    for (size_t piece : {bytes.size(), size_t{1}, size_t{7}}) {
        const Reading reading = read_in_pieces(bytes, piece, eof);
        EXPECT_TRUE(reading.ok) << "piece " << piece;
        EXPECT_EQ(reading.complete, complete) << "piece " << piece;
    }
}

TEST(ResponseParser, ContentLengthBodyEndsAtItsLength) {
    const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    expect_same_whole_and_bytewise(reply, true);
    const Reading reading = read_in_pieces(reply, 1);
    EXPECT_EQ(reading.status, 200);
    EXPECT_TRUE(reading.keep_alive);
    EXPECT_TRUE(reading.body_started);
    expect_same_whole_and_bytewise(reply.substr(0, reply.size() - 1), false);
}

TEST(ResponseParser, ChunkedBodyEndsAtTheZeroChunkAndTrailers) {
    const std::string reply =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\na;ext=1\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n";
    expect_same_whole_and_bytewise(reply, true);
    expect_same_whole_and_bytewise(reply.substr(0, reply.size() - 2), false);
}

TEST(ResponseParser, HeadersAloneAreNotABodyByte) {
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    EXPECT_FALSE(read_in_pieces(head, 1).body_started);
    EXPECT_FALSE(read_in_pieces(head + "4\r\n", 1).body_started);
    EXPECT_TRUE(read_in_pieces(head + "4\r\nd", 1).body_started);
}

TEST(ResponseParser, InterimResponsesAreSkipped) {
    const std::string reply =
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n"
        "Connection: close\r\n\r\n{}";
    expect_same_whole_and_bytewise(reply, true);
    const Reading reading = read_in_pieces(reply, 1);
    EXPECT_EQ(reading.status, 503);
    EXPECT_FALSE(reading.keep_alive);
}

TEST(ResponseParser, CloseDelimitedBodyEndsAtEof) {
    const std::string reply = "HTTP/1.0 200 OK\r\n\r\nuntil the end";
    expect_same_whole_and_bytewise(reply, false);
    expect_same_whole_and_bytewise(reply, true, true);
    EXPECT_FALSE(read_in_pieces(reply, 1).keep_alive);
}

TEST(ResponseParser, EofInsideALengthBodyIsACut) {
    expect_same_whole_and_bytewise("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, true);
}

TEST(ResponseParser, GarbageIsRefused) {
    EXPECT_FALSE(read_in_pieces("SSH-2.0-OpenSSH\r\n\r\n", 1).ok);
    EXPECT_FALSE(
        read_in_pieces("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 1).ok);
}

TEST(ResponseParser, ResetReadsTheNextResponseOnTheConnection) {
    ResponseParser parser;
    ASSERT_TRUE(parser.feed("HTTP/1.1 204 No Content\r\n\r\n"));
    EXPECT_TRUE(parser.complete());
    parser.reset();
    EXPECT_FALSE(parser.complete());
    ASSERT_TRUE(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    EXPECT_TRUE(parser.complete());
    EXPECT_EQ(parser.status(), 200);
}

}  // namespace
}  // namespace proxy_bench
