#include "pick_harness.hpp"

namespace pick_it {

Outcome run_binary(const std::string& binary, const std::vector<std::string>& args,
                   const std::string& cwd, const std::map<std::string, std::string>& env) {
    return lifeline::testing::run_tool(binary, args, cwd, env, std::chrono::seconds(60));
}

}  // namespace pick_it
