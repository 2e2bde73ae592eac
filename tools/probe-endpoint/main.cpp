#include "probe_endpoint.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(probe_endpoint::k_tool, argc, argv, probe_endpoint::setup_cli,
                               probe_endpoint::run);
}
