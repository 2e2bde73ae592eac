#pragma once
// Environment variables, injected: logic asks an Environment, never getenv().

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline {

class Environment {
  public:
    virtual ~Environment() = default;
    // The variable's value; nullopt when it is not set (an empty value is returned as "").
    virtual std::optional<std::string> get(std::string_view name) const = 0;
    // Every variable, for handing a full environment to a child process.
    virtual std::map<std::string, std::string> all() const = 0;

    // The value, or nullopt when unset *or empty* (the usual meaning for keys and flags).
    std::optional<std::string> get_non_empty(std::string_view name) const {
        auto value = get(name);
        if (value && value->empty())
            return std::nullopt;
        return value;
    }
    // True under GitHub Actions (GITHUB_ACTIONS=true).
    bool in_github_actions() const { return get("GITHUB_ACTIONS").value_or("") == "true"; }
    // True under GitLab CI (GITLAB_CI=true).
    bool in_gitlab_ci() const { return get("GITLAB_CI").value_or("") == "true"; }
};

}  // namespace lifeline
