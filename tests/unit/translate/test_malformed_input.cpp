// Malformed input never crashes and never throws out of translate: every node of every
// fixture replaced by a value of each other JSON type, truncations at every offset, and
// streams fed to every decoder, including the wrong API's.

#include <set>

#include <gtest/gtest.h>

#include <lifeline/translate/request_head.hpp>

#include "stream_test_support.hpp"

namespace lifeline::translate {
namespace {

using namespace testing;

const char* const k_request_fixtures[] = {"codex_request.json", "claude_code_request.json",
                                          "gemini_cli_request.json", "chat_request.json"};

// Calls `visit` with a copy of `root` in which one node was replaced, for every node and
// every replacement value.
template <typename Visit>
void for_each_mutation(const nlohmann::json& root, Visit visit) {
    const nlohmann::json replacements[] = {
        nullptr, 7, -1.5, "x", nlohmann::json::array(), nlohmann::json::object(), true};
    // Every leaf and every container on the way to it, once each.
    std::set<std::string> pointers;
    const nlohmann::json flat = root.flatten();
    for (const auto& item : flat.items())
        for (nlohmann::json::json_pointer at(item.key()); !at.empty(); at = at.parent_pointer())
            pointers.insert(at.to_string());
    for (const std::string& pointer : pointers) {
        for (const nlohmann::json& value : replacements) {
            nlohmann::json copy = root;
            copy[nlohmann::json::json_pointer(pointer)] = value;
            visit(copy.dump());
        }
    }
}

void exercise_request(const std::string& body) {
    for (Api api : k_all_apis) {
        Result<Request> request = decode_request(api, body);
        if (!request.ok()) {
            EXPECT_FALSE(request.error().message.empty());
            continue;
        }
        for (Api target : k_all_apis) {
            EncodeReport report;
            EXPECT_FALSE(encode_request(target, request.value(), report).empty());
        }
    }
}

TEST(MalformedInput, RequestsWithAnyNodeOfAnyType) {
    for (const char* name : k_request_fixtures) {
        nlohmann::json root = json_of(fixture(name));
        ASSERT_TRUE(root.is_object()) << name;
        for_each_mutation(root, exercise_request);
    }
}

// An empty body (a view that may have no buffer at all) is a parse error, not undefined
// behaviour inside the parser.
TEST(MalformedInput, EmptyBodiesAreParseErrors) {
    for (Api api : k_all_apis) {
        for (std::string_view body : {std::string_view(), std::string_view("")}) {
            Result<Request> request = decode_request(api, body);
            ASSERT_FALSE(request.ok());
            EXPECT_EQ(request.error().code, ErrorCode::parse);
            Result<Response> response = decode_response(api, body);
            ASSERT_FALSE(response.ok());
            EXPECT_EQ(response.error().code, ErrorCode::parse);
        }
    }
    EXPECT_FALSE(read_request_head(std::string_view()).ok());
}

TEST(MalformedInput, TruncatedRequestsAndResponses) {
    for (const char* name : k_request_fixtures) {
        std::string body = fixture(name);
        for (size_t cut = 0; cut < body.size(); cut += 3) {
            for (Api api : k_all_apis) {
                EXPECT_FALSE(decode_request(api, body.substr(0, cut)).ok());
                EXPECT_FALSE(decode_response(api, body.substr(0, cut)).ok());
            }
        }
    }
}

TEST(MalformedInput, ResponsesWithAnyNodeOfAnyType) {
    Response x;
    x.id = "resp_1";
    x.output = {reasoning_part({"r", Vendor::anthropic, "s", false, ""}), text_part("t"),
                tool_call_part({"c", "f", R"({"a":[1,{"b":2}]})"})};
    x.usage = {10, 5, 2, 1, 1};
    for (Api api : k_all_apis) {
        for_each_mutation(json_of(encode_response(api, x)), [&](const std::string& body) {
            for (Api reader : k_all_apis) {
                Result<Response> response = decode_response(reader, body);
                if (response.ok()) {
                    for (Api client : k_all_apis)
                        (void)encode_response(client, response.value());
                }
            }
        });
    }
}

TEST(MalformedInput, StreamsIntoEveryDecoderAndTranslator) {
    for (const StreamFixture& f : k_stream_fixtures) {
        std::string bytes = fixture(f.file);
        for (Api upstream : k_all_apis) {
            for (GeminiFraming framing : {GeminiFraming::sse, GeminiFraming::json_array}) {
                (void)decode_stream(upstream, framing, bytes);
                // Corrupt one byte in every 17 and translate to every client.
                std::string corrupt = bytes;
                for (size_t i = 5; i < corrupt.size(); i += 17)
                    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
                for (Api client : k_all_apis) {
                    StreamTranslatorOptions options;
                    options.upstream_framing = framing;
                    options.custom_tool_names = {"read"};
                    std::string out = translate_stream(upstream, client, {corrupt}, options);
                    EXPECT_FALSE(out.empty());
                }
            }
        }
    }
}

}  // namespace
}  // namespace lifeline::translate
