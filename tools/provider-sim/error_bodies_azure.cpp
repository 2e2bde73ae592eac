// Azure OpenAI's error bodies: its own code/message pairs for auth, rate limits, missing
// deployments and content filtering; OpenAI's body for everything else.
#include <nlohmann/json.hpp>

#include "error_bodies_detail.hpp"

namespace provider_sim::detail {

using lifeline::FailureClass;

json azure_error(const ErrorSpec& spec, int status, Duration retry) {
    if (!spec.message.empty() || spec.failure_class == FailureClass::context_exceeded) {
        return openai_error(spec, retry);
    }
    switch (spec.failure_class) {
        case FailureClass::auth:
            return {{"error",
                     {{"code", "401"},
                      {"message",
                       "Access denied due to invalid subscription key or wrong API endpoint. "
                       "Make sure to provide a valid key for an active subscription and use a "
                       "correct regional API endpoint for your resource."}}}};
        case FailureClass::rate_limited:
        case FailureClass::quota_exhausted:
            return {{"error",
                     {{"code", "429"},
                      {"message",
                       "Requests to the ChatCompletions_Create Operation under Azure OpenAI API "
                       "version 2025-04-01-preview have exceeded token rate limit of your "
                       "current OpenAI S0 pricing tier. Please retry after " +
                           retry_after_seconds(retry) +
                           " seconds. Please go here: https://aka.ms/oai/quotaincrease if you "
                           "would like to further increase the default rate limit."}}}};
        case FailureClass::model_not_found:
            return {{"error",
                     {{"code", "DeploymentNotFound"},
                      {"message",
                       "The API deployment for this resource does not exist. If you created the "
                       "deployment within the last 5 minutes, please wait a moment and try "
                       "again."}}}};
        case FailureClass::content_filtered: {
            json safe = {{"filtered", false}, {"severity", "safe"}};
            return {{"error",
                     {{"message",
                       "The response was filtered due to the prompt triggering Azure OpenAI's "
                       "content management policy. Please modify your prompt and retry. To "
                       "learn more about our content filtering policies please read our "
                       "documentation: https://go.microsoft.com/fwlink/?linkid=2198766"},
                      {"type", nullptr},
                      {"param", "prompt"},
                      {"code", "content_filter"},
                      {"status", status},
                      {"innererror",
                       {{"code", "ResponsibleAIPolicyViolation"},
                        {"content_filter_result",
                         {{"hate", safe},
                          {"self_harm", safe},
                          {"sexual", safe},
                          {"violence", {{"filtered", true}, {"severity", "medium"}}}}}}}}}};
        }
        default:
            return openai_error(spec, retry);
    }
}

}  // namespace provider_sim::detail
