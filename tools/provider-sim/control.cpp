#include "control.hpp"

#include <nlohmann/json.hpp>

#include "scenario_parse.hpp"

namespace provider_sim {

using nlohmann::json;

bool is_control_path(const std::string& path) {
    return path.rfind("/_sim/", 0) == 0;
}

namespace {

SimResponse control_error(int status, const std::string& message) {
    SimResponse response = json_response(status, json{{"error", message}}.dump());
    response.note = "control_error";
    return response;
}

}  // namespace

SimResponse handle_control(const SimRequest& request, Instance& self, const Instances& fleet) {
    if (request.path == "/_sim/health" && request.method == "GET") {
        SimResponse response = json_response(200, R"({"status":"ok"})");
        response.note = "control";
        return response;
    }
    if (request.path == "/_sim/stats" && request.method == "GET") {
        json instances = json::object();
        int64_t total = 0;
        for (const auto& instance : fleet) {
            json stats = instance->stats();
            total += stats["requests"].get<int64_t>();
            instances[instance->name()] = std::move(stats);
        }
        SimResponse response = json_response(
            200,
            json{{"instance", self.name()}, {"requests", total}, {"instances", instances}}.dump());
        response.note = "control";
        return response;
    }
    if (request.path == "/_sim/scenario" && request.method == "POST") {
        Instance* target = &self;
        const std::string wanted = request.query_param("instance");
        if (!wanted.empty()) {
            target = nullptr;
            for (const auto& instance : fleet) {
                if (instance->name() == wanted) {
                    target = instance.get();
                }
            }
            if (target == nullptr) {
                return control_error(404, "no instance named \"" + wanted + "\"");
            }
        }
        auto scenario = parse_scenario_text(request.body, "scenario");
        if (!scenario) {
            return control_error(400, scenario.error().to_string());
        }
        const size_t rules = scenario->rules.size();
        target->replace_scenario(std::move(scenario).value());
        SimResponse response = json_response(
            200,
            json{{"instance", target->name()}, {"rules", rules}, {"status", "replaced"}}.dump());
        response.note = "scenario_replaced";
        return response;
    }
    return control_error(404, "unknown control endpoint " + request.method + " " + request.path);
}

}  // namespace provider_sim
