#include "pick_provider.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(pick_provider::k_tool, argc, argv, pick_provider::setup_cli,
                               pick_provider::run);
}
