#include "sim_http.hpp"

namespace provider_sim {

std::string SimRequest::header(std::string_view name) const {
    auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string() : it->second;
}

std::string SimRequest::query_param(std::string_view name) const {
    auto it = query.find(std::string(name));
    return it == query.end() ? std::string() : it->second;
}

SimResponse json_response(int status, std::string body) {
    SimResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

}  // namespace provider_sim
