#include "budget_check.hpp"

int main(int argc, char** argv) {
    return lifeline::tool_main(lifeline::budget::k_tool_info, argc, argv,
                               lifeline::budget::setup_cli, lifeline::budget::run);
}
