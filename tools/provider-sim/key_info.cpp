#include <nlohmann/json.hpp>

#include "key_api.hpp"

namespace provider_sim {

using json = nlohmann::ordered_json;

SimResponse answer_key_info(KeyCall& call) {
    const Scenario& scenario = call.scenario;
    const std::string key = extract_key(call.route.family, call.request);
    json limit = scenario.credit_limit ? json(*scenario.credit_limit) : json(nullptr);
    double usage = scenario.credit_usage;
    json remaining = scenario.credit_limit ? json(*scenario.credit_limit - usage) : json(nullptr);
    for (const ManagedKey& minted : call.keys.list()) {
        if (minted.value == key) {
            limit = minted.limit ? json(*minted.limit) : json(nullptr);
            usage = minted.usage;
            remaining = minted.limit ? json(*minted.limit - usage) : json(nullptr);
        }
    }
    // The label is a masked form of the key, as OpenRouter shows it; never the value.
    const std::string label =
        key.size() > 12 ? key.substr(0, 8) + "..." + key.substr(key.size() - 3) : "sk-...";
    SimResponse response;
    response.note = "ok";
    response.body = json{{"data",
                          {{"label", label},
                           {"limit", limit},
                           {"usage", usage},
                           {"limit_remaining", remaining},
                           {"is_free_tier", false},
                           {"is_provisioning_key", false},
                           {"rate_limit", {{"requests", -1}, {"interval", "10s"}}}}}}
                        .dump();
    return response;
}

}  // namespace provider_sim
