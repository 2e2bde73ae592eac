#include "models_api.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace provider_sim {

using lifeline::FailureClass;
using json = nlohmann::ordered_json;

namespace {

// How one family writes its models API.
class ModelFormat {
  public:
    virtual ~ModelFormat() = default;
    // The models listed when the scenario names none.
    virtual std::vector<std::string> default_models() const = 0;
    // One model, as GET .../models/{id} returns it and the listing contains it.
    virtual json model(const std::string& id, int64_t context_window) const = 0;
    // The listing around `data`, the model objects of `models` (never empty) in order.
    virtual json listing(json data, const std::vector<std::string>& models) const = 0;
    // Headers the listing carries besides the body.
    virtual void add_listing_headers(SimResponse&, const ResponseMeta&) const {}
};

class OpenAiModels final : public ModelFormat {
  public:
    std::vector<std::string> default_models() const override { return {"gpt-5.5", "gpt-5.5-mini"}; }
    json model(const std::string& id, int64_t) const override {
        return {{"id", id}, {"object", "model"}, {"created", 1767225600}, {"owned_by", "system"}};
    }
    json listing(json data, const std::vector<std::string>&) const override {
        return {{"object", "list"}, {"data", std::move(data)}};
    }
    void add_listing_headers(SimResponse& response, const ResponseMeta& meta) const override {
        response.add_header("x-request-id", meta.request_id);
    }
};

class AnthropicModels final : public ModelFormat {
  public:
    std::vector<std::string> default_models() const override {
        return {"claude-sonnet-4-6", "claude-haiku-4-5"};
    }
    json model(const std::string& id, int64_t) const override {
        return {{"type", "model"},
                {"id", id},
                {"display_name", id},
                {"created_at", "2026-01-15T00:00:00Z"}};
    }
    json listing(json data, const std::vector<std::string>& models) const override {
        return {{"data", std::move(data)},
                {"has_more", false},
                {"first_id", models.front()},
                {"last_id", models.back()}};
    }
};

class GeminiModels final : public ModelFormat {
  public:
    std::vector<std::string> default_models() const override {
        return {"gemini-3-1-pro", "gemini-3-flash"};
    }
    json model(const std::string& id, int64_t context_window) const override {
        return {{"name", "models/" + id},
                {"version", "001"},
                {"displayName", id},
                {"inputTokenLimit", context_window},
                {"outputTokenLimit", 65536},
                {"supportedGenerationMethods", {"generateContent", "countTokens"}}};
    }
    json listing(json data, const std::vector<std::string>&) const override {
        return {{"models", std::move(data)}};
    }
};

class OpenRouterModels final : public ModelFormat {
  public:
    std::vector<std::string> default_models() const override {
        return {"openai/gpt-5.5", "anthropic/claude-sonnet-4-6", "deepseek/deepseek-v4"};
    }
    json model(const std::string& id, int64_t context_window) const override {
        return {{"id", id},
                {"name", id},
                {"created", 1767225600},
                {"context_length", context_window},
                {"pricing", {{"prompt", "0.00000125"}, {"completion", "0.00001"}}}};
    }
    json listing(json data, const std::vector<std::string>&) const override {
        return {{"data", std::move(data)}};
    }
};

// The family's format; OpenAI's for every family without a models API of its own.
const ModelFormat& model_format(Family family) {
    static const OpenAiModels openai;
    static const AnthropicModels anthropic;
    static const GeminiModels gemini;
    static const OpenRouterModels openrouter;
    switch (family) {
        case Family::anthropic:
            return anthropic;
        case Family::gemini:
            return gemini;
        case Family::openrouter:
            return openrouter;
        default:
            return openai;
    }
}

}  // namespace

SimResponse answer_models_api(const Route& route, const Scenario& scenario,
                              const ResponseMeta& meta) {
    const ModelFormat& format = model_format(route.family);
    const auto models = scenario.models.empty() ? format.default_models() : scenario.models;
    SimResponse response;
    response.note = "ok";
    if (route.endpoint == Endpoint::model_get) {
        if (std::find(models.begin(), models.end(), route.model) == models.end()) {
            ErrorSpec spec = make_spec(FailureClass::model_not_found);
            spec.model = route.model;
            return error_response(route.family, spec, meta);
        }
        response.body = format.model(route.model, scenario.context_window).dump();
        return response;
    }
    json data = json::array();
    for (const auto& id : models) {
        data.push_back(format.model(id, scenario.context_window));
    }
    response.body = format.listing(std::move(data), models).dump();
    format.add_listing_headers(response, meta);
    return response;
}

}  // namespace provider_sim
