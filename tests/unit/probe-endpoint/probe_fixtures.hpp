#pragma once
// Shared inputs for the probe-endpoint unit tests: a config with one provider of every kind,
// and provider answers in the shapes the real APIs send.

#include <string>

#include <gtest/gtest.h>

#include <lifeline/config/loader.hpp>

namespace probe_endpoint::testing {

// One provider per kind, each with one model; the key variables are the usual ones.
inline const char* k_fleet_yaml = R"yaml(version: 1
providers:
  openai:     {kind: openai, auth: {env: OPENAI_API_KEY}}
  azure:      {kind: azure, base_url: https://myorg.openai.azure.com/openai,
               api_version: "2025-04-01-preview", auth: {env: AZURE_OPENAI_API_KEY}}
  anthropic:  {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}}
  gemini:     {kind: gemini, auth: {env: GEMINI_API_KEY}}
  openrouter: {kind: openrouter, auth: {env: OPENROUTER_API_KEY}}
  mistral:    {kind: openai-compatible, base_url: https://api.mistral.ai/v1,
               auth: {env: MISTRAL_API_KEY}, require: ["latency_ms < 3000"]}
models:
  gpt-5.5:           {provider: openai, capabilities: [tools, responses, streaming]}
  gpt-4o-azure:      {provider: azure, id: gpt-4o-prod}
  claude-sonnet-4-6: {provider: anthropic}
  gemini-3-1-pro:    {provider: gemini}
  deepseek-v4:       {provider: openrouter, id: deepseek/deepseek-v4}
  mistral-large:     {provider: mistral, id: mistral-large-latest, capabilities: [streaming]}
lanes:
  code: [claude-sonnet-4-6, gpt-5.5]
)yaml";

inline lifeline::config::Config fleet_config() {
    auto config = lifeline::config::parse_config(k_fleet_yaml, "lifeline.yaml");
    EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().to_string());
    return std::move(config).value();
}

// --- successful answers ---
inline const char* k_openai_models =
    R"({"object":"list","data":[{"id":"gpt-5.5","object":"model","created":1764000000,"owned_by":"system"},{"id":"gpt-5.5-mini","object":"model","created":1764000000,"owned_by":"system"}]})";
inline const char* k_anthropic_models =
    R"({"data":[{"type":"model","id":"claude-sonnet-4-6","display_name":"Claude Sonnet 4.6","created_at":"2026-02-17T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-6","last_id":"claude-sonnet-4-6"})";
inline const char* k_gemini_models =
    R"({"models":[{"name":"models/gemini-3-1-pro","displayName":"Gemini 3.1 Pro","supportedGenerationMethods":["generateContent","countTokens"]}]})";
inline const char* k_chat_answer =
    R"({"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1764000000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"router-ok","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}})";
inline const char* k_chat_tool_answer =
    R"({"id":"chatcmpl-tool1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function","function":{"name":"record_probe_result","arguments":"{\"status\":\"ok\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":70,"completion_tokens":9,"total_tokens":79}})";
inline const char* k_responses_answer =
    R"({"id":"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b","object":"response","status":"completed","model":"gpt-5.5","output":[{"type":"reasoning","id":"rs_1","summary":[]},{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"router-ok","annotations":[]}]}],"usage":{"input_tokens":11,"output_tokens":14,"total_tokens":25,"output_tokens_details":{"reasoning_tokens":10}}})";
inline const char* k_responses_tool_answer =
    R"({"id":"resp_tool","object":"response","status":"completed","output":[{"type":"function_call","id":"fc_1","call_id":"call_1","name":"record_probe_result","arguments":"{\"status\":\"ok\"}","status":"completed"}],"usage":{"input_tokens":60,"output_tokens":8,"total_tokens":68}})";
inline const char* k_anthropic_answer =
    R"({"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"text","text":"router-ok"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":14,"output_tokens":5}})";
inline const char* k_anthropic_tool_answer =
    R"({"id":"msg_tool","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"record_probe_result","input":{"status":"ok"}}],"stop_reason":"tool_use","usage":{"input_tokens":400,"output_tokens":40}})";
inline const char* k_gemini_answer =
    R"({"candidates":[{"content":{"parts":[{"text":"router-ok"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":3,"totalTokenCount":9},"modelVersion":"gemini-3-1-pro","responseId":"mBq8aLrHB8WZ1dkP8Pa2uQo"})";
inline const char* k_gemini_tool_answer =
    R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"record_probe_result","args":{"status":"ok"}}}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":5,"totalTokenCount":55}})";
inline const char* k_openrouter_key =
    R"({"data":{"label":"sk-or-v1-0a1...f2b","limit":20,"usage":7.5,"limit_remaining":12.5,"is_free_tier":false,"rate_limit":{"requests":-1,"interval":"10s"}}})";

// --- streams ---
inline const char* k_chat_stream =
    "data: "
    "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
    "data: "
    "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"router-ok\"},\"finish_reason\":null}]}\n\n"
    "data: "
    "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: "
    "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{"
    "\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n"
    "data: [DONE]\n\n";
inline const char* k_anthropic_stream =
    "event: message_start\ndata: "
    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s1\",\"type\":\"message\",\"role\":"
    "\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-6\",\"usage\":{\"input_tokens\":14,"
    "\"output_tokens\":1}}}\n\n"
    "event: content_block_start\ndata: "
    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":"
    "\"\"}}\n\n"
    "event: content_block_delta\ndata: "
    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
    "\"router-ok\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: message_delta\ndata: "
    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
    "\"usage\":{\"output_tokens\":5}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
inline const char* k_responses_stream =
    "event: response.created\ndata: "
    "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_s1\",\"status\":\"in_progress\"}}"
    "\n\n"
    "event: response.output_text.delta\ndata: "
    "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_"
    "index\":0,\"delta\":\"router-ok\"}\n\n"
    "event: response.completed\ndata: "
    "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_s1\",\"status\":\"completed\","
    "\"usage\":{\"input_tokens\":11,\"output_tokens\":14,\"total_tokens\":25}}}\n\n";
inline const char* k_gemini_stream =
    "data: "
    "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"router\"}],\"role\":\"model\"},"
    "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":6}}\r\n\r\n"
    "data: "
    "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"-ok\"}],\"role\":\"model\"},"
    "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":6,"
    "\"candidatesTokenCount\":3,\"totalTokenCount\":9}}\r\n\r\n";

// --- errors, as the providers send them ---
inline std::string openai_invalid_key(const std::string& key) {
    return R"({"error":{"message":"Incorrect API key provided: )" + key +
           R"(. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})";
}
inline const char* k_openai_rate_limited =
    R"({"error":{"message":"Rate limit reached for gpt-5.5 in organization org-abc on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.","type":"requests","param":null,"code":"rate_limit_exceeded"}})";
inline const char* k_openai_quota =
    R"({"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})";
inline const char* k_anthropic_overloaded =
    R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"})";
inline const char* k_anthropic_auth =
    R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CAuth"})";
inline const char* k_gemini_region =
    R"({"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}})";
inline const char* k_gemini_key_invalid =
    R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}})";
inline const char* k_openrouter_credits =
    R"({"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/settings/credits"}})";
inline const char* k_azure_deployment_missing =
    R"({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}})";
inline const char* k_chat_stream_error =
    "data: "
    "{\"id\":\"chatcmpl-e\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"content\":\"rou\"},\"finish_reason\":null}]}\n\n"
    "data: {\"error\":{\"code\":502,\"message\":\"Upstream provider "
    "overloaded\",\"metadata\":{\"provider_name\":\"DeepSeek\"}}}\n\n";
inline const char* k_anthropic_stream_error =
    "event: message_start\ndata: "
    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_e\",\"type\":\"message\",\"role\":"
    "\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":14,\"output_tokens\":1}}}\n\n"
    "event: error\ndata: "
    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

}  // namespace probe_endpoint::testing
