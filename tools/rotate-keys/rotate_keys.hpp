#pragma once
// rotate-keys: scheduled key rotation that never loses a working key (see README.md).
//   rotate-keys [NAME...] --spec lifeline-rotation.yaml [--dry-run|--resume|--abort] [--grace D]
//   rotate-keys token --command "az account get-access-token ..." --refresh 55m

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/app/tool_main.hpp>
#include <lifeline/app/tool_support.hpp>

namespace lifeline::rotate {

inline constexpr ToolInfo k_tool_info{"rotate-keys",
                                      "Rotate provider keys safely: create, store as pending, "
                                      "verify, promote, revoke the old key"};

struct Options {
    app::CommonOptions common;
    std::string spec_path;  // --spec; empty: $LIFELINE_ROTATION_SPEC or lifeline-rotation.yaml
    std::vector<std::string> names;  // rotations to run; empty = all in the spec
    bool dry_run = false;
    bool resume = false;
    bool abort = false;
    bool allow_insecure_loopback = false;
    std::optional<std::string> grace;        // overrides every rotation's grace
    std::optional<std::string> new_key_env;  // overrides issuer.new_key_env
    std::optional<std::string> old_key_id;   // overrides old_key_id
    // token subcommand
    bool token = false;
    std::string token_command;
    std::vector<std::string> token_argv;  // after `--`
    std::string token_refresh = "55m";
    std::string token_cache_dir;
};

// The OS facts the run needs, injected so tests can replace them.
struct SystemHooks {
    std::function<std::string()> owner_token;               // "host:pid:nonce:start_time:boot_id"
    std::function<std::string()> random_suffix;             // 6 hex digits
    std::function<bool(const std::string&)> owner_is_dead;  // a lock holder's process is gone
    std::function<void(const std::string&)> crash_at;       // test hook: die at a checkpoint
};

// The real hooks (gethostname, this process's identity from /proc, a holder's liveness by
// process::is_alive, raise(SIGKILL)).
SystemHooks real_system_hooks();

void setup_cli(CLI::App& app, Options& options);
int run(const Options& options, Context& context);
// run() with explicit hooks (tests).
int run_with_hooks(const Options& options, Context& context, const SystemHooks& hooks);

}  // namespace lifeline::rotate
