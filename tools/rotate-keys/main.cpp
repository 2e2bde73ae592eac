#include "rotate_keys.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(lifeline::rotate::k_tool_info, argc, argv,
                               lifeline::rotate::setup_cli, lifeline::rotate::run);
}
