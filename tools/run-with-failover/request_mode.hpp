#pragma once
// Request mode: one attempt = the user's JSON body sent to the candidate's endpoint (its model
// swapped in, its auth headers added), the response body written to stdout. A streamed answer
// is held back until its first healthy event, so an error that arrives first can still fall
// back; once a byte is out, a cut stream is stream_broken and never a success.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/provider/credential.hpp>
#include <lifeline/provider/wire_api.hpp>
#include <lifeline/routing/route_candidate.hpp>
#include <lifeline/secret/redactor.hpp>
#include <lifeline/util/result.hpp>

#include "failover_loop.hpp"
#include "stdout_sink.hpp"

namespace run_with_failover {

// "chat" -> chat_completions, "responses" -> responses, "messages" -> anthropic_messages.
std::optional<lifeline::provider::WireApi> parse_request_api(std::string_view name);

// True when `provider` serves `api`: messages only on anthropic; chat and responses on the
// OpenAI-shaped kinds (responses: openai and openai-compatible).
bool provider_speaks(const lifeline::config::ProviderConfig& provider,
                     lifeline::provider::WireApi api);

// The parsed request: whether it asks for a stream. Errors (invalid_input): not a JSON object.
struct RequestBody {
    std::string text;
    bool stream = false;
};
lifeline::Result<RequestBody> parse_request_body(std::string_view text);

// `body` with "model" set to `model_id`.
std::string body_for_model(std::string_view body, const std::string& model_id);

struct RequestSettings {
    RequestBody body;
    lifeline::provider::WireApi api = lifeline::provider::WireApi::chat_completions;
    Duration attempt_timeout{0};  // 0 = 10 minutes
    Duration idle_timeout{0};     // 0 = none
};

class RequestExecutor final : public AttemptExecutor {
  public:
    // Everything must outlive the executor. The body goes to context.out.
    RequestExecutor(lifeline::Context& context,
                    const std::vector<lifeline::routing::RouteCandidate>& chain,
                    RequestSettings settings, lifeline::provider::CredentialResolver& credentials,
                    lifeline::secret::Redactor& redactor);

    AttemptReport run_attempt(const AttemptRequest& request) override;

  private:
    lifeline::Context& m_context;
    const std::vector<lifeline::routing::RouteCandidate>& m_chain;
    RequestSettings m_settings;
    lifeline::provider::CredentialResolver& m_credentials;
    lifeline::secret::Redactor& m_redactor;
    StdoutSink m_stdout;
};

}  // namespace run_with_failover
