#pragma once
// Helpers shared by the translate tests: fixtures next to this file, JSON views of outputs.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <lifeline/translate/codec.hpp>

namespace lifeline::translate::testing {

// The text of tests/unit/translate/fixtures/<name>; fails the test when it is missing.
inline std::string fixture(const std::string& name) {
    std::filesystem::path path = std::filesystem::path(__FILE__).parent_path() / "fixtures" / name;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing fixture " << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline nlohmann::json json_of(const std::string& text) {
    return nlohmann::json::parse(text, nullptr, false);
}

// Decodes or fails the test with the error message.
inline Request must_decode_request(Api api, const std::string& body,
                                   EncodeReport* notes = nullptr) {
    Result<Request> request = decode_request(api, body, notes);
    EXPECT_TRUE(request.ok()) << (request.ok() ? "" : request.error().message);
    return request.ok() ? request.value() : Request{};
}

inline Response must_decode_response(Api api, const std::string& body) {
    Result<Response> response = decode_response(api, body);
    EXPECT_TRUE(response.ok()) << (response.ok() ? "" : response.error().message);
    return response.ok() ? response.value() : Response{};
}

inline const Api k_all_apis[] = {Api::responses, Api::chat, Api::messages, Api::gemini};

}  // namespace lifeline::translate::testing
