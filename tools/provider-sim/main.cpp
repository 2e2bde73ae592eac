#include "provider_sim.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(provider_sim::k_tool, argc, argv, provider_sim::setup_cli,
                               provider_sim::run);
}
