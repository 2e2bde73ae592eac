#pragma once
// An Environment backed by a map.

#include <map>
#include <string>

#include <lifeline/core/environment.hpp>

namespace lifeline::testing {

class FakeEnvironment final : public Environment {
  public:
    FakeEnvironment() = default;
    explicit FakeEnvironment(std::map<std::string, std::string> variables)
        : m_variables(std::move(variables)) {}

    std::optional<std::string> get(std::string_view name) const override {
        const auto it = m_variables.find(std::string(name));
        if (it == m_variables.end())
            return std::nullopt;
        return it->second;
    }
    std::map<std::string, std::string> all() const override { return m_variables; }

    void set(const std::string& name, const std::string& value) { m_variables[name] = value; }
    void unset(const std::string& name) { m_variables.erase(name); }

  private:
    std::map<std::string, std::string> m_variables;
};

}  // namespace lifeline::testing
