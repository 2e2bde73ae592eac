// The command line of rotate-keys and of its token subcommand: options, flags and which of
// them exclude each other.
#include <CLI/CLI.hpp>

#include "rotate_keys.hpp"

namespace lifeline::rotate {

void setup_cli(CLI::App& app, Options& options) {
    app::add_common_options(app, options.common);
    app.add_option("names", options.names, "Rotations of the spec to run (default: all)");
    app.add_option(
        "--spec", options.spec_path,
        "Rotation spec file (default $LIFELINE_ROTATION_SPEC or lifeline-rotation.yaml)");
    auto* dry = app.add_flag("--dry-run", options.dry_run, "Print the plan; change nothing");
    auto* resume = app.add_flag("--resume", options.resume,
                                "Only finish a rotation an interrupted run left behind");
    auto* abort = app.add_flag("--abort", options.abort,
                               "Roll back an interrupted rotation (before promotion)");
    resume->excludes(abort);
    dry->excludes(abort);
    app.add_option("--grace", options.grace,
                   "Revoke the old key this long after promotion (e.g. 24h; default: the spec's)");
    app.add_option("--new-key-env", options.new_key_env,
                   "Variable holding a new key minted by hand (Anthropic and command issuers)");
    app.add_option("--old-key-id", options.old_key_id,
                   "The current key's id at the issuer, for the first rotation");
    app.add_flag("--allow-insecure-loopback", options.allow_insecure_loopback,
                 "Tests only: accept http:// URLs on 127.0.0.1, [::1] and localhost");

    CLI::App* token = app.add_subcommand(
        "token", "Print a cached bearer token from a command, refreshed when stale");
    token->add_option("--command", options.token_command, "The command printing the token");
    token->add_option("argv", options.token_argv, "The command, after --");
    token->add_option("--refresh", options.token_refresh, "Reuse the token this long (55m)");
    token->add_option("--cache-dir", options.token_cache_dir,
                      "Cache directory (default $XDG_STATE_HOME/lifeline/tokens)");
    token->callback([&options] { options.token = true; });
}

}  // namespace lifeline::rotate
