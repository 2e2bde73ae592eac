// The renderings of a report for people: the headline, --format text and the GitHub step
// summary.

#include <cmath>

#include <lifeline/output/markdown.hpp>
#include <lifeline/output/text.hpp>

#include "format.hpp"
#include "report.hpp"

namespace lifeline::budget {

namespace {

// A limit's amount as people read it: dollars for a USD limit, else a whole number.
std::string limit_amount(const LimitResult& limit, double value) {
    return limit.unit == "usd" ? usd(value) : with_commas(std::llround(value));
}

// "\nLimits:\n" and a table of the limits; "" without limits.
std::string limits_text(const std::vector<LimitResult>& limits) {
    if (limits.empty())
        return "";
    std::vector<std::vector<std::string>> rows;
    for (const auto& limit : limits) {
        rows.push_back({limit.name, limit_amount(limit, limit.used),
                        limit_amount(limit, limit.limit), limit_amount(limit, limit.remaining),
                        to_string(limit.state), limit.scope});
    }
    return "\nLimits:\n" +
           output::render_table({"limit", "used", "limit", "remaining", "state", "scope"}, rows);
}

// Where the tokens went (only once a run or a failed attempt was seen), prompt growth and the
// busiest day (with two dated days or more), a line each.
std::string analysis_text(const Summary& summary) {
    std::string text;
    const Attribution& a = summary.attribution;
    if (a.runs > 0 || a.failed.requests > 0) {
        text += "\nWhere it went: first try " + with_commas(a.first_try.tokens.total()) +
                ", after retry " + with_commas(a.after_retry.tokens.total()) + ", on fallback " +
                with_commas(a.on_fallback.tokens.total()) + ", failed attempts " +
                with_commas(a.failed.tokens.total()) + " tokens; fallback rate " +
                fixed(a.fallback_rate() * 100, 1) + "% of " + std::to_string(a.runs) + " runs\n";
    }
    text += "Prompt growth: " + fixed(summary.prompt_growth_per_turn, 1) +
            " tokens per turn; largest request " + with_commas(summary.largest_request_tokens) +
            " tokens";
    if (!summary.largest_request_session.empty())
        text += " (" + summary.largest_request_session + ")";
    text += "\n";
    if (const auto spike = explain_spike(summary)) {
        text += "Busiest day " + spike->day + ": " + with_commas(std::llround(spike->tokens)) +
                " tokens vs " + with_commas(std::llround(spike->baseline_tokens)) +
                " on average, mostly from " + spike->explained_by + "\n";
    }
    return text;
}

// A line per source with its counts, then its malformed examples and errors indented.
std::string sources_text(const std::vector<SourceDiagnostics>& sources) {
    std::string text;
    for (const auto& source : sources) {
        text += "Source " + std::string(to_string(source.kind)) +
                (source.path.empty() ? "" : " " + source.path) + ": " +
                std::to_string(source.files) + " files, " + with_commas(source.lines) + " lines, " +
                with_commas(source.records) + " records, " + with_commas(source.duplicates) +
                " duplicates, " + with_commas(source.malformed) + " malformed\n";
        for (const auto& example : source.malformed_examples)
            text += "  malformed: " + example + "\n";
        for (const auto& error : source.errors)
            text += "  error: " + error + "\n";
    }
    return text;
}

}  // namespace

std::string report_headline(const Report& report) {
    const Summary& summary = report.summary;
    std::string line =
        with_commas(summary.totals.tokens.total()) + " tokens, " + usd(summary.totals.cost_usd);
    if (!summary.unpriced_models.empty())
        line += " (" + std::to_string(summary.unpriced_models.size()) + " model" +
                (summary.unpriced_models.size() == 1 ? "" : "s") + " unpriced)";
    line += ", " + std::to_string(summary.by_session.size()) + " session" +
            (summary.by_session.size() == 1 ? "" : "s");
    return line;
}

std::string report_text(const Report& report) {
    const Summary& summary = report.summary;
    const TokenCounts& t = summary.totals.tokens;
    std::string text = "Totals: " + report_headline(report) + "\n";
    text += output::render_table(
        {"input", "output", "cache write", "cache read", "total", "cost"},
        {{with_commas(t.uncached_input), with_commas(t.output), with_commas(t.cache_creation),
          with_commas(t.cache_read), with_commas(t.total()), usd(summary.totals.cost_usd)}});
    text += limits_text(report.limits);
    std::vector<std::vector<std::string>> models;
    for (const auto& [model, bucket] : summary.by_model) {
        models.push_back(
            {model, summary.model_provider.count(model) ? summary.model_provider.at(model) : "",
             with_commas(bucket.requests), with_commas(bucket.tokens.total()),
             bucket.unpriced_requests > 0 ? "unpriced" : usd(bucket.cost_usd)});
    }
    if (!models.empty())
        text += "\nBy model:\n" +
                output::render_table({"model", "provider", "requests", "tokens", "cost"}, models);
    text += analysis_text(summary);
    text += sources_text(report.sources);
    return text;
}

std::string report_markdown(const Report& report) {
    const Summary& summary = report.summary;
    const TokenCounts& t = summary.totals.tokens;
    std::string md = "### Token budget\n\n";
    md += output::markdown_table(
        {"Input", "Output", "Cache write", "Cache read", "Total", "Cost (USD)"},
        {{with_commas(t.uncached_input), with_commas(t.output), with_commas(t.cache_creation),
          with_commas(t.cache_read), with_commas(t.total()),
          usd(summary.totals.cost_usd) + (summary.unpriced_models.empty() ? "" : " + unpriced")}});
    if (!report.limits.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& limit : report.limits) {
            const char* mark = limit.state == LimitState::exceeded  ? ":x: exceeded"
                               : limit.state == LimitState::warning ? ":warning: warning"
                                                                    : ":white_check_mark: ok";
            rows.push_back({limit.name, limit_amount(limit, limit.used),
                            limit_amount(limit, limit.limit), limit_amount(limit, limit.remaining),
                            mark});
        }
        md += "\n" + output::markdown_table({"Limit", "Used", "Limit", "Remaining", "State"}, rows);
    }
    std::vector<std::vector<std::string>> models;
    for (const auto& [model, bucket] : summary.by_model) {
        models.push_back({model, with_commas(bucket.requests), with_commas(bucket.tokens.total()),
                          bucket.unpriced_requests > 0 ? "unpriced" : usd(bucket.cost_usd)});
    }
    if (!models.empty())
        md += "\n" + output::markdown_table({"Model", "Requests", "Tokens", "Cost"}, models);
    return md;
}

}  // namespace lifeline::budget
