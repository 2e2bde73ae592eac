#pragma once
// Config and probe-endpoint documents for pick-provider's tool-level tests.

namespace pick_provider::testing {

inline constexpr const char* k_pick_yaml = R"yaml(version: 1
providers:
  openai:    {kind: openai, auth: {env: OPENAI_API_KEY}, jurisdiction: US}
  anthropic: {kind: anthropic, auth: {env: ANTHROPIC_API_KEY}, jurisdiction: US}
  mistral:   {kind: openai-compatible, base_url: https://api.mistral.ai/v1,
              auth: {env: MISTRAL_API_KEY}, jurisdiction: EU}
models:
  gpt-5.5:           {provider: openai, context_window: 400000, price: {input: 1.25, output: 10},
                      capabilities: [tools, responses, streaming]}
  claude-sonnet-4-6: {provider: anthropic, context_window: 200000, price: {input: 3, output: 15},
                      capabilities: [tools, streaming]}
  mistral-large:     {provider: mistral, id: mistral-large-latest, context_window: 128000,
                      capabilities: [tools, streaming]}
lanes:
  code:  [claude-sonnet-4-6, gpt-5.5, mistral-large]
  us:    [claude-sonnet-4-6, gpt-5.5]
policy: {diversity: require-two-jurisdictions}
)yaml";

// What `probe-endpoint --lane code --format json` printed: anthropic's key was rejected
// (provider-wide auth probe), openai answered, mistral was rate limited.
inline constexpr const char* k_probe_document = R"json({
  "schema": "lifeline.status/v1", "tool": "probe-endpoint", "version": "0.1.0",
  "status": "degraded", "exit_code": 0, "started_at": "2026-11-21T10:00:00Z", "duration_ms": 812,
  "summary": "1 of 3 healthy",
  "data": {
    "results": [
      {"target": "anthropic", "provider": "anthropic", "model": null, "probe": "auth",
       "class": "auth", "health": "unhealthy", "http_status": 401,
       "latency_ms": {"dns": 1.2, "connect": 10.5, "tls": 30.1, "ttfb": 120.4, "total": 121.0},
       "message": "invalid x-api-key"},
      {"target": "openai/gpt-5.5", "provider": "openai", "model": "gpt-5.5", "probe": "auth",
       "class": "ok", "health": "healthy", "http_status": 200,
       "latency_ms": {"dns": 1.0, "connect": 9.0, "tls": 25.0, "ttfb": 240.0, "total": 243.6},
       "message": ""},
      {"target": "mistral/mistral-large", "provider": "mistral", "model": "mistral-large",
       "probe": "auth", "class": "rate_limited", "health": "degraded", "http_status": 429,
       "latency_ms": {"dns": 1.0, "connect": 9.0, "tls": 25.0, "ttfb": 80.0, "total": 80.2},
       "retry_after_ms": 2000, "message": "Requests rate limit exceeded"}
    ]
  },
  "errors": []
})json";

}  // namespace pick_provider::testing
