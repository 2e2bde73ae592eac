#include "rotate_keys.hpp"

#include <algorithm>

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

// The checkpoint at which a test wants the run to die ($LIFELINE_ROTATE_TEST_CRASH_AT); empty
// (never) unless --allow-insecure-loopback marks the run as a test.
std::string test_crash_point(const Options& options, const Context& context) {
    if (!options.allow_insecure_loopback)
        return "";
    return context.env.get_non_empty(k_crash_env).value_or("");
}

// What every rotation of one run shares. All references outlive the run's rotations.
struct RunShared {
    const Options& options;
    Context& context;
    const SystemHooks& hooks;
    app::ToolRun& tool;
    const config::Config& config;
    state::StateStore& state;
    std::string crash_point;  // see test_crash_point()
    std::vector<RotationReport> reports;
    nlohmann::json entries;  // the document's "rotations" (an array)
};

// --dry-run: the plan for `rotation` from its journal, added to the run's entries and reports.
// The journal's read error, and nothing added, when it cannot be read.
Status plan_one(RunShared& run, const RotationSpec& rotation, const SecretStore& store,
                const std::string& issuer_name, const std::string& store_name) {
    Journal journal(run.state, rotation.name);
    auto record = journal.load();
    if (!record)
        return fail(record.error());
    nlohmann::json entry = {
        {"name", rotation.name},
        {"action", "planned"},
        {"issuer", issuer_name},
        {"store", store_name},
        {"plan", plan_rotation(rotation, *record, issuer_name, store_name, store.readable())}};
    run.entries.push_back(entry);
    RotationReport report;
    report.name = rotation.name;
    report.action = "planned";
    for (const auto& line : entry["plan"])
        report.steps.push_back(line.get<std::string>());
    run.reports.push_back(report);
    return {};
}

// A new rotation's id: the UTC second it starts and a random suffix, without the separators
// of the date and time ("20240501T120000Z-a1b2c3").
std::string new_rotation_id(const Context& context, const SystemHooks& hooks) {
    const std::string rotation_id =
        format_rfc3339(context.clock.now()).substr(0, 19) + "Z-" + hooks.random_suffix();
    std::string compact_id;
    for (char c : rotation_id) {
        if (c != '-' && c != ':')
            compact_id += c;
        else if (c == '-' && compact_id.size() > 14)
            compact_id += c;
    }
    return compact_id;
}

// The engine's view of this run: progress lines redacted onto stderr, every key tracked by the
// tool, and the test crash point armed. The result refers to `run`, which must outlive it.
EngineDeps engine_deps(RunShared& run, Issuer& issuer, SecretStore& store) {
    EngineDeps deps{run.context, run.config, run.state, issuer, store, {},
                    {},          false,      {},        {},     {},    {}};
    deps.owner = run.hooks.owner_token();
    deps.rotation_id = new_rotation_id(run.context, run.hooks);
    deps.allow_insecure_loopback = run.options.allow_insecure_loopback;
    deps.track_secret = [&run](const secret::Secret& key) { run.tool.track_secret(key); };
    deps.progress = [&run](const std::string& line) {
        run.context.err << run.tool.redactor().redact("rotate-keys: " + line) << "\n";
    };
    deps.checkpoint = [&run](const std::string& point) {
        if (!run.crash_point.empty() && point == run.crash_point && run.hooks.crash_at) {
            run.context.err.flush();
            run.hooks.crash_at(point);
        }
    };
    deps.owner_is_dead = run.hooks.owner_is_dead;
    return deps;
}

// Runs (resumes, aborts) `rotation` and adds its entry and report to the run; a failed
// rotation is also one of the document's errors ("transient" or "rotation").
void rotate_one(RunShared& run, const RotationSpec& rotation, Issuer& issuer, SecretStore& store,
                const std::string& issuer_name, const std::string& store_name) {
    EngineDeps deps = engine_deps(run, issuer, store);
    const Mode mode = run.options.abort    ? Mode::abort
                      : run.options.resume ? Mode::resume
                                           : Mode::rotate;
    RotationReport report = run_rotation(rotation, mode, deps);
    run.entries.push_back(rotation_json(report, issuer_name, store_name));
    if (report.error)
        run.tool.add_error(
            report.exit_code == to_int(ExitCode::all_transient) ? "transient" : "rotation",
            rotation.name + ": " + report.error->to_string());
    run.reports.push_back(std::move(report));
}

// Builds `rotation`'s issuer and store, then plans it (--dry-run) or runs it. An error only
// when the issuer or store cannot be built or a plan's journal cannot be read: it ends the run.
Status run_one(RunShared& run, const RotationSpec& rotation) {
    const bool loopback = run.options.allow_insecure_loopback;
    auto issuer = make_issuer(rotation.issuer, run.context, loopback);
    if (!issuer)
        return fail(issuer.error());
    auto store = make_store(rotation.store, run.context, loopback);
    if (!store)
        return fail(store.error());
    const std::string issuer_name = (*issuer)->describe();
    const std::string store_name = (*store)->describe();
    if (run.options.dry_run)
        return plan_one(run, rotation, **store, issuer_name, store_name);
    rotate_one(run, rotation, **issuer, **store, issuer_name, store_name);
    return {};
}

// Fills the status document, text, step summary and step outputs (rotated, and
// <name>-fingerprint per new key) from the run's reports, and finishes the tool with the
// worst exit code among them.
int publish(RunShared& run) {
    const std::vector<RotationReport>& reports = run.reports;
    app::ToolRun& tool = run.tool;
    tool.document().data = {{"dry_run", run.options.dry_run}, {"rotations", run.entries}};
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
    std::string summary = run.options.dry_run
                              ? "planned " + std::to_string(reports.size()) + " rotation(s)"
                              : std::to_string(rotated) + " of " + std::to_string(reports.size()) +
                                    " rotation(s) completed";
    return tool.finish(status, exit_code, summary);
}

}  // namespace

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

    RunShared run{options,
                  context,
                  hooks,
                  tool,
                  *config,
                  **state,
                  test_crash_point(options, context),
                  {},
                  nlohmann::json::array()};
    for (const RotationSpec* rotation : *selected) {
        if (auto done = run_one(run, *rotation); !done)
            return tool.fail(done.error());
    }
    return publish(run);
}

}  // namespace lifeline::rotate
