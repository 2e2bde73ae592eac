// publish_outcome and emit_for_proxy, and the --emit output both share.
#include "publish.hpp"

#include <lifeline/routing/agent_env.hpp>

#include "decision_report.hpp"
#include "proxy_emit.hpp"

namespace pick_provider {

using lifeline::routing::Decision;

namespace {

// --emit codex-profile writes into the Codex home; the other kinds print. "" for those.
lifeline::Result<std::string> emit_home(const Options& options, EmitKind kind,
                                        const lifeline::Environment& env) {
    if (kind != EmitKind::codex_profile)
        return std::string();
    return codex_home(options.codex_home, env);
}

// The emitted text to its file (codex-profile) or stdout, and data.emitted saying which.
lifeline::Status publish_emitted(lifeline::app::ToolRun& run, const Emitted& emitted,
                                 const std::string& profile_name) {
    nlohmann::json info = {{"kind", to_string(emitted.kind)}};
    if (!emitted.path.empty()) {
        LIFELINE_TRY_VOID(run.context().fs.write_file_atomic(emitted.path, emitted.text));
        info["path"] = emitted.path;
        info["profile"] = profile_name;
        run.set_output("codex_profile", profile_name);
    } else {
        run.set_plain_output(emitted.text);
    }
    run.document().data["emitted"] = info;
    return {};
}

void report_warnings(const Decision& decision, lifeline::app::ToolRun& run) {
    for (const std::string& warning : decision.warnings) {
        run.context().err << k_tool.name << ": warning: " << run.redactor().redact(warning) << "\n";
        run.annotate(lifeline::output::AnnotationLevel::warning, "pick-provider", warning);
    }
}

int finish_without_choice(const Decision& decision, const std::string& summary,
                          lifeline::app::ToolRun& run) {
    for (const auto& rejection : decision.rejected)
        run.add_error("no_candidate", rejection.summary());
    if (decision.rejected.empty())
        run.add_error("no_candidate", summary);
    return run.finish(lifeline::output::RunStatus::failed,
                      lifeline::to_int(lifeline::ExitCode::failed), summary);
}

// The --emit configuration for the decision's choice, rendered and published.
lifeline::Status emit_for_choice(const Options& options, const Settings& settings,
                                 const lifeline::config::Config& config, const Decision& decision,
                                 const std::string& lane, lifeline::app::ToolRun& run) {
    const std::string home = LIFELINE_TRY(emit_home(options, *settings.emit, run.context().env));
    const Emitted emitted =
        LIFELINE_TRY(render_emit(*settings.emit, decision, config, lane,
                                 settings.stream_idle_timeout, home, options.profile_name));
    return publish_emitted(run, emitted, options.profile_name);
}

}  // namespace

int publish_outcome(const Options& options, const Settings& settings,
                    const lifeline::config::Config& config, const Decision& decision,
                    const std::string& lane, const std::string& health_source,
                    lifeline::app::ToolRun& run) {
    report_warnings(decision, run);
    run.document().data = decision_data(decision, lane, health_source);
    const std::string summary = decision_summary(decision, lane);
    run.set_text(render_decision_text(decision, lane));
    if (!decision.has_choice())
        return finish_without_choice(decision, summary, run);

    publish_decision(run, decision, lane);
    run.set_plain_output(lifeline::routing::render_shell_assignments(
        lifeline::routing::lifeline_env(decision, lane)));
    if (settings.emit) {
        if (auto emitted = emit_for_choice(options, settings, config, decision, lane, run);
            !emitted)
            return run.fail(emitted.error());
    }
    const auto status = decision.warnings.empty() ? lifeline::output::RunStatus::ok
                                                  : lifeline::output::RunStatus::degraded;
    return run.finish(status, 0, summary);
}

int emit_for_proxy(const Options& options, const Settings& settings,
                   const lifeline::config::Config& config, lifeline::app::ToolRun& run) {
    auto lane = proxy_lane(config, options.lane);
    if (!lane)
        return run.fail(lane.error());
    auto home = emit_home(options, *settings.emit, run.context().env);
    if (!home)
        return run.fail(home.error());
    auto emitted = render_proxy_emit(*settings.emit, *settings.via_url, *lane,
                                     settings.stream_idle_timeout, *home, options.profile_name);
    if (!emitted)
        return run.fail(emitted.error());

    nlohmann::json& data = run.document().data;
    data = {{"lane", lane->name},
            {"via", *settings.via_url},
            {"background_lane", lane->background},
            {"context_window", nullptr}};
    if (lane->context_window > 0)
        data["context_window"] = lane->context_window;
    const std::string summary =
        "lane " + lane->name + " through the failover-proxy at " + *settings.via_url;
    run.set_text(summary + "\n");
    if (auto published = publish_emitted(run, *emitted, options.profile_name); !published)
        return run.fail(published.error());
    return run.finish(lifeline::output::RunStatus::ok, 0, summary);
}

}  // namespace pick_provider
