// route_endpoint and query_parameter (endpoint.cpp): every path the proxy serves, the variants
// clients really send, and what is not served.

#include <gtest/gtest.h>

#include "endpoint.hpp"

namespace failover_proxy {
namespace {

using lifeline::translate::Api;
using lifeline::translate::GeminiFraming;

struct Generate {
    const char* target;
    Api api;
};

TEST(RouteEndpoint, EveryGeneratePathWithAndWithoutV1) {
    const Generate cases[] = {
        {"/v1/responses", Api::responses},         {"/responses", Api::responses},
        {"/v1/chat/completions", Api::chat},       {"/chat/completions", Api::chat},
        {"/v1/messages", Api::messages},           {"/messages", Api::messages},
        {"/v1/messages?beta=true", Api::messages},  // Claude Code
        {"/v1/responses/", Api::responses},         // a base URL with a trailing slash
        {"/v1/chat/completions/", Api::chat},
    };
    for (const Generate& c : cases) {
        const Endpoint endpoint = route_endpoint("POST", c.target);
        EXPECT_EQ(endpoint.kind, EndpointKind::generate) << c.target;
        EXPECT_EQ(endpoint.api, c.api) << c.target;
        EXPECT_FALSE(endpoint.gemini_stream) << c.target;
        EXPECT_EQ(endpoint.path_model, "") << c.target;
    }
}

TEST(RouteEndpoint, AnthropicCountTokensWithAndWithoutBeta) {
    for (const char* target : {"/v1/messages/count_tokens", "/v1/messages/count_tokens?beta=true",
                               "/messages/count_tokens"}) {
        const Endpoint endpoint = route_endpoint("POST", target);
        EXPECT_EQ(endpoint.kind, EndpointKind::count_tokens) << target;
        EXPECT_EQ(endpoint.api, Api::messages) << target;
    }
}

TEST(RouteEndpoint, GeminiGenerateContentTakesTheModelFromThePath) {
    const Endpoint endpoint = route_endpoint("POST", "/v1beta/models/gemini-3-pro:generateContent");
    EXPECT_EQ(endpoint.kind, EndpointKind::generate);
    EXPECT_EQ(endpoint.api, Api::gemini);
    EXPECT_EQ(endpoint.path_model, "gemini-3-pro");
    EXPECT_FALSE(endpoint.gemini_stream);
}

TEST(RouteEndpoint, GeminiStreamIsSseWithAltSseAndAJsonArrayWithout) {
    const Endpoint sse =
        route_endpoint("POST", "/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse");
    EXPECT_EQ(sse.kind, EndpointKind::generate);
    EXPECT_EQ(sse.api, Api::gemini);
    EXPECT_TRUE(sse.gemini_stream);
    EXPECT_EQ(sse.gemini_framing, GeminiFraming::sse);
    EXPECT_EQ(sse.path_model, "gemini-3-pro");

    const Endpoint array =
        route_endpoint("POST", "/v1beta/models/gemini-3-pro:streamGenerateContent");
    EXPECT_TRUE(array.gemini_stream);
    EXPECT_EQ(array.gemini_framing, GeminiFraming::json_array);

    // ?key= before alt=sse (how the Google SDKs put the key in the URL) changes nothing.
    const Endpoint keyed =
        route_endpoint("POST", "/v1beta/models/gem:streamGenerateContent?key=abc&alt=sse");
    EXPECT_TRUE(keyed.gemini_stream);
    EXPECT_EQ(keyed.gemini_framing, GeminiFraming::sse);
    EXPECT_EQ(keyed.path_model, "gem");
}

TEST(RouteEndpoint, GeminiCountTokens) {
    const Endpoint endpoint = route_endpoint("POST", "/v1beta/models/gemini-3-pro:countTokens");
    EXPECT_EQ(endpoint.kind, EndpointKind::count_tokens);
    EXPECT_EQ(endpoint.api, Api::gemini);
    EXPECT_EQ(endpoint.path_model, "gemini-3-pro");
}

TEST(RouteEndpoint, GeminiModelNamesAreUrlDecoded) {
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models/code%20lane:generateContent").path_model,
              "code lane");
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models/org%2Fmodel:generateContent").path_model,
              "org/model");
    // A model name with a colon of its own: the verb is after the last one.
    const Endpoint colon = route_endpoint("POST", "/v1beta/models/ns%3Am:streamGenerateContent");
    EXPECT_EQ(colon.path_model, "ns:m");
    EXPECT_TRUE(colon.gemini_stream);
    // A broken escape stays as written.
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models/a%zz:generateContent").path_model, "a%zz");
}

TEST(RouteEndpoint, GeminiPathsThatAreNotCalls) {
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models/gem").kind, EndpointKind::not_found);
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models/gem:embedContent").kind,
              EndpointKind::not_found);
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models/:generateContent").kind,
              EndpointKind::not_found);
    EXPECT_EQ(route_endpoint("GET", "/v1beta/models/gem:generateContent").kind,
              EndpointKind::wrong_method);
}

TEST(RouteEndpoint, ModelsListsInEachShape) {
    for (const char* target : {"/v1/models", "/models", "/v1/models/"}) {
        const Endpoint endpoint = route_endpoint("GET", target);
        EXPECT_EQ(endpoint.kind, EndpointKind::models) << target;
        EXPECT_EQ(endpoint.api, Api::chat) << target;
    }
    for (const char* target : {"/v1beta/models", "/v1beta/models/", "/v1beta/models?key=abc"}) {
        const Endpoint endpoint = route_endpoint("GET", target);
        EXPECT_EQ(endpoint.kind, EndpointKind::models) << target;
        EXPECT_EQ(endpoint.api, Api::gemini) << target;
    }
}

TEST(RouteEndpoint, OperationalEndpoints) {
    EXPECT_EQ(route_endpoint("GET", "/healthz").kind, EndpointKind::healthz);
    EXPECT_EQ(route_endpoint("GET", "/readyz").kind, EndpointKind::readyz);
    EXPECT_EQ(route_endpoint("GET", "/metrics").kind, EndpointKind::metrics);
    EXPECT_EQ(route_endpoint("GET", "/metrics?format=prometheus").kind, EndpointKind::metrics);
}

TEST(RouteEndpoint, RootAnswersHeadAndGetForReachabilityProbes) {
    EXPECT_EQ(route_endpoint("HEAD", "/").kind, EndpointKind::root);
    EXPECT_EQ(route_endpoint("GET", "/").kind, EndpointKind::root);
    EXPECT_EQ(route_endpoint("HEAD", "").kind, EndpointKind::root);
    EXPECT_EQ(route_endpoint("GET", "/?x=1").kind, EndpointKind::root);
    EXPECT_EQ(route_endpoint("POST", "/").kind, EndpointKind::wrong_method);
}

TEST(RouteEndpoint, AKnownPathWithAnotherMethodIsWrongMethod) {
    EXPECT_EQ(route_endpoint("GET", "/v1/responses").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("GET", "/v1/chat/completions").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("PUT", "/v1/messages").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("GET", "/v1/messages/count_tokens").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("POST", "/v1/models").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("POST", "/v1beta/models").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("POST", "/healthz").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("DELETE", "/readyz").kind, EndpointKind::wrong_method);
    EXPECT_EQ(route_endpoint("POST", "/metrics").kind, EndpointKind::wrong_method);
    // The API is still known, so the error can be shaped for the client.
    EXPECT_EQ(route_endpoint("GET", "/v1/messages").api, Api::messages);
}

TEST(RouteEndpoint, UnknownPathsAreNotFound) {
    for (const char* target :
         {"/v2/responses", "/v1", "/v1/completions", "/v1/embeddings", "/v1/messages/batches",
          "/v1/v1/responses", "/responsesx", "/healthz/x", "/v1beta", "/v1beta/other"}) {
        EXPECT_EQ(route_endpoint("POST", target).kind, EndpointKind::not_found) << target;
        EXPECT_EQ(route_endpoint("GET", target).kind, EndpointKind::not_found) << target;
    }
}

TEST(QueryParameter, FindsAndDecodesOneParameter) {
    EXPECT_EQ(query_parameter("/v1beta/models/m:streamGenerateContent?alt=sse", "alt"), "sse");
    EXPECT_EQ(query_parameter("/x?alt=sse&key=k%2B1", "key"), "k+1");
    EXPECT_EQ(query_parameter("/x?key=a+b", "key"), "a b");
    EXPECT_EQ(query_parameter("/x?keys=1&key=2", "key"), "2");  // no prefix match
    EXPECT_EQ(query_parameter("/x?key=first&key=second", "key"), "first");
}

TEST(QueryParameter, AbsentOrValuelessIsEmpty) {
    EXPECT_EQ(query_parameter("/x", "key"), "");
    EXPECT_EQ(query_parameter("/x?", "key"), "");
    EXPECT_EQ(query_parameter("/x?alt=sse", "key"), "");
    EXPECT_EQ(query_parameter("/x?key", "key"), "");
    EXPECT_EQ(query_parameter("/x?key=", "key"), "");
    EXPECT_EQ(query_parameter("/x?&&key=v", "key"), "v");
}

}  // namespace
}  // namespace failover_proxy
