#include "rotate_keys.hpp"

#include <algorithm>

#include <CLI/CLI.hpp>

#include <lifeline/core/exit_codes.hpp>
#include <lifeline/util/strings.hpp>
#include <lifeline/util/time.hpp>

#include "issuer.hpp"
#include "report.hpp"
#include "rotation.hpp"
#include "spec.hpp"
#include "store.hpp"
#include "token_cache.hpp"

namespace lifeline::rotate {

namespace {

constexpr const char* k_default_spec = "lifeline-rotation.yaml";
// Test-only: die (SIGKILL) at this checkpoint; honoured only with --allow-insecure-loopback.
constexpr const char* k_crash_env = "LIFELINE_ROTATE_TEST_CRASH_AT";

int run_token(const Options& options, Context& context) {
    TokenOptions token;
    if (!options.token_argv.empty()) {
        token.argv = options.token_argv;
    } else {
        auto argv = split_command(options.token_command);
        if (!argv)
            return report_error(context.err, "rotate-keys token", argv.error());
        token.argv = *argv;
    }
    if (token.argv.empty())
        return report_error(context.err, "rotate-keys token",
                            make_error(ErrorCode::invalid_input,
                                       "give the command with --command \"...\" or after --"));
    auto refresh = parse_duration(options.token_refresh);
    if (!refresh)
        return report_error(context.err, "rotate-keys token", refresh.error());
    token.refresh = *refresh;
    token.cache_dir = options.token_cache_dir;
    auto secret = cached_token(context, token);
    if (!secret)
        return report_error(context.err, "rotate-keys token", secret.error());
    // The one place rotate-keys prints a credential: that is this subcommand's job.
    context.out << secret->reveal() << "\n";
    context.out.flush();
    return 0;
}

Result<SpecFile> load_spec(const Options& options, Context& context) {
    std::string path = options.spec_path;
    if (path.empty())
        path = context.env.get_non_empty("LIFELINE_ROTATION_SPEC").value_or(k_default_spec);
    auto text = context.fs.read_file(path);
    if (!text)
        return fail(ErrorCode::invalid_input,
                    "cannot read the rotation spec " + path + ": " + text.error().message);
    SpecFile spec = LIFELINE_TRY(parse_spec(*text, path));
    for (RotationSpec& rotation : spec.rotations) {
        if (options.grace)
            rotation.grace = LIFELINE_TRY(parse_duration(*options.grace));
        if (options.new_key_env) {
            rotation.issuer.new_key_env = *options.new_key_env;
            rotation.issuer.new_key_command.clear();
        }
        if (options.old_key_id)
            rotation.old_key_id = *options.old_key_id;
    }
    return spec;
}

Result<std::vector<const RotationSpec*>> select(const SpecFile& spec, const Options& options) {
    std::vector<const RotationSpec*> selected;
    if (options.names.empty()) {
        for (const RotationSpec& rotation : spec.rotations)
            selected.push_back(&rotation);
        return selected;
    }
    for (const std::string& name : options.names) {
        const RotationSpec* rotation = spec.find(name);
        if (rotation == nullptr)
            return fail(ErrorCode::invalid_input, "no rotation \"" + name + "\" in " + spec.source +
                                                      " (did you mean \"" +
                                                      closest_match(name, spec.names()) + "\"?)");
        selected.push_back(rotation);
    }
    return selected;
}

int worst_exit(const std::vector<RotationReport>& reports) {
    int worst = 0;
    auto rank = [](int code) {
        return code == 2 ? 4 : code == 1 ? 3 : code == 77 ? 2 : code == 75 ? 1 : 0;
    };
    for (const RotationReport& report : reports) {
        if (rank(report.exit_code) > rank(worst))
            worst = report.exit_code;
    }
    return worst;
}

}  // namespace

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

int run(const Options& options, Context& context) {
    return run_with_hooks(options, context, real_system_hooks());
}

int run_with_hooks(const Options& options, Context& context, const SystemHooks& hooks) {
    if (options.token)
        return run_token(options, context);

    app::ToolRun tool(context, k_tool_info.name, options.common);
    auto config = app::load_config(context, options.common);
    if (!config)
        return tool.fail(config.error());
    auto spec = load_spec(options, context);
    if (!spec)
        return tool.fail(spec.error());
    auto selected = select(*spec, options);
    if (!selected)
        return tool.fail(selected.error());
    auto state = app::open_state(context, options.common, *config);
    if (!state)
        return tool.fail(state.error());

    std::vector<RotationReport> reports;
    nlohmann::json entries = nlohmann::json::array();
    std::string crash_point;
    if (options.allow_insecure_loopback)
        crash_point = context.env.get_non_empty(k_crash_env).value_or("");

    for (const RotationSpec* rotation : *selected) {
        auto issuer = make_issuer(rotation->issuer, context, options.allow_insecure_loopback);
        if (!issuer)
            return tool.fail(issuer.error());
        auto store = make_store(rotation->store, context, options.allow_insecure_loopback);
        if (!store)
            return tool.fail(store.error());
        const std::string issuer_name = (*issuer)->describe();
        const std::string store_name = (*store)->describe();

        if (options.dry_run) {
            Journal journal(**state, rotation->name);
            auto record = journal.load();
            if (!record)
                return tool.fail(record.error());
            nlohmann::json entry = {{"name", rotation->name},
                                    {"action", "planned"},
                                    {"issuer", issuer_name},
                                    {"store", store_name},
                                    {"plan", plan_rotation(*rotation, *record, issuer_name,
                                                           store_name, (*store)->readable())}};
            entries.push_back(entry);
            RotationReport report;
            report.name = rotation->name;
            report.action = "planned";
            for (const auto& line : entry["plan"])
                report.steps.push_back(line.get<std::string>());
            reports.push_back(report);
            continue;
        }

        const std::string rotation_id =
            format_rfc3339(context.clock.now()).substr(0, 19) + "Z-" + hooks.random_suffix();
        std::string compact_id;
        for (char c : rotation_id) {
            if (c != '-' && c != ':')
                compact_id += c;
            else if (c == '-' && compact_id.size() > 14)
                compact_id += c;
        }
        EngineDeps deps{context, *config, **state, **issuer, **store, {},
                        {},      false,   {},      {},       {},      {}};
        deps.owner = hooks.owner_token();
        deps.rotation_id = compact_id;
        deps.allow_insecure_loopback = options.allow_insecure_loopback;
        deps.track_secret = [&tool](const secret::Secret& key) { tool.track_secret(key); };
        deps.progress = [&](const std::string& line) {
            context.err << tool.redactor().redact("rotate-keys: " + line) << "\n";
        };
        deps.checkpoint = [&](const std::string& point) {
            if (!crash_point.empty() && point == crash_point && hooks.crash_at) {
                context.err.flush();
                hooks.crash_at(point);
            }
        };
        deps.owner_is_dead = hooks.owner_is_dead;
        const Mode mode = options.abort    ? Mode::abort
                          : options.resume ? Mode::resume
                                           : Mode::rotate;
        RotationReport report = run_rotation(*rotation, mode, deps);
        entries.push_back(rotation_json(report, issuer_name, store_name));
        if (report.error)
            tool.add_error(
                report.exit_code == to_int(ExitCode::all_transient) ? "transient" : "rotation",
                rotation->name + ": " + report.error->to_string());
        reports.push_back(std::move(report));
    }

    tool.document().data = {{"dry_run", options.dry_run}, {"rotations", entries}};
    tool.set_text(render_text(reports));
    tool.add_summary(summary_markdown(reports));
    const int exit_code = worst_exit(reports);
    bool degraded = false;
    size_t rotated = 0;
    for (const RotationReport& report : reports) {
        degraded = degraded || report.status == output::RunStatus::degraded;
        rotated +=
            report.action == "rotated" || report.action == "resumed" || report.action == "in_grace";
        if (report.record && !report.record->new_fingerprint.empty())
            tool.set_output(report.name + "-fingerprint", report.record->new_fingerprint);
    }
    tool.set_output("rotated", std::to_string(rotated));
    const output::RunStatus status = exit_code != 0 ? output::RunStatus::failed
                                     : degraded     ? output::RunStatus::degraded
                                                    : output::RunStatus::ok;
    std::string summary = options.dry_run
                              ? "planned " + std::to_string(reports.size()) + " rotation(s)"
                              : std::to_string(rotated) + " of " + std::to_string(reports.size()) +
                                    " rotation(s) completed";
    return tool.finish(status, exit_code, summary);
}

}  // namespace lifeline::rotate
