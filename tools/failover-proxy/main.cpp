#include "proxy.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(failover_proxy::k_tool, argc, argv, failover_proxy::setup_cli,
                               failover_proxy::run);
}
