#pragma once
// The /_sim control surface every instance serves:
//   GET  /_sim/stats                  requests per instance and path (never key values)
//   POST /_sim/scenario[?instance=N]  replace an instance's scenario with the YAML body
//   GET  /_sim/health                 {"status":"ok"} (a cheap endpoint for load baselines)
// No auth: provider-sim binds loopback only unless told otherwise.

#include <memory>
#include <vector>

#include "instance.hpp"
#include "sim_http.hpp"

namespace provider_sim {

using Instances = std::vector<std::unique_ptr<Instance>>;

// True for paths under /_sim/.
bool is_control_path(const std::string& path);

// Answers a control request arriving at `self` (the instance whose port it came in on).
// A bad scenario body gets 400 with the located error; an unknown instance 404.
SimResponse handle_control(const SimRequest& request, Instance& self, const Instances& fleet);

}  // namespace provider_sim
