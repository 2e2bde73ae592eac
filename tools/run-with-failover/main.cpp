#include "options.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(run_with_failover::k_tool, argc, argv, run_with_failover::setup_cli,
                               run_with_failover::run);
}
