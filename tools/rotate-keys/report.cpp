#include "report.hpp"

namespace lifeline::rotate {

using Json = nlohmann::json;

Json rotation_json(const RotationReport& report, const std::string& issuer,
                   const std::string& store) {
    Json entry = {{"name", report.name}, {"action", report.action}, {"issuer", issuer},
                  {"store", store},      {"steps", report.steps},   {"warnings", report.warnings}};
    if (report.record) {
        const JournalRecord& record = *report.record;
        entry["rotation_id"] = record.rotation_id;
        entry["phase"] = to_string(record.phase);
        entry["new_key"] = {{"id", record.new_key_id}, {"fingerprint", record.new_fingerprint}};
        entry["old_key"] = {
            {"id", record.old_key_id},
            {"fingerprint", record.old_fingerprint},
            {"revoked", record.old_revoked},
            {"revoke_after",
             record.revoke_after.empty() ? Json(nullptr) : Json(record.revoke_after)}};
        if (!record.reason.empty())
            entry["reason"] = record.reason;
    }
    if (report.error)
        entry["error"] = report.error->to_string();
    return entry;
}

std::string summary_markdown(const std::vector<RotationReport>& reports) {
    std::string md =
        "### rotate-keys\n\n| rotation | result | new key | old key |\n|---|---|---|---|\n";
    for (const RotationReport& report : reports) {
        std::string fresh = "-";
        std::string old = "-";
        if (report.record) {
            if (!report.record->new_fingerprint.empty())
                fresh = "`" + report.record->new_fingerprint + "`";
            if (!report.record->old_fingerprint.empty())
                old = "`" + report.record->old_fingerprint + "`";
            if (report.record->old_revoked)
                old += " revoked";
            else if (!report.record->revoke_after.empty())
                old += " until " + report.record->revoke_after;
        }
        md += "| " + report.name + " | " + report.action + " | " + fresh + " | " + old + " |\n";
    }
    return md;
}

std::string render_text(const std::vector<RotationReport>& reports) {
    std::string text;
    for (const RotationReport& report : reports) {
        text += report.name + ": " + report.action;
        if (report.record)
            text += " (" + report.record->rotation_id + ", phase " +
                    to_string(report.record->phase) + ")";
        text += "\n";
        for (const std::string& step : report.steps)
            text += "  " + step + "\n";
        for (const std::string& warning : report.warnings)
            text += "  warning: " + warning + "\n";
        if (report.error)
            text += "  error: " + report.error->to_string() + "\n";
    }
    return text;
}

std::vector<std::string> plan_rotation(const RotationSpec& spec,
                                       const std::optional<JournalRecord>& record,
                                       const std::string& issuer, const std::string& store,
                                       bool store_readable) {
    std::vector<std::string> plan;
    if (record && !is_finished(record->phase)) {
        plan.push_back("an interrupted rotation " + record->rotation_id + " stopped at phase " +
                       to_string(record->phase));
        switch (record->phase) {
            case Phase::started:
                plan.push_back("delete keys named " + record->new_key_name +
                               " left by the crash, then continue with a fresh key");
                break;
            case Phase::created:
            case Phase::stored:
            case Phase::verified:
                plan.push_back(store_readable
                                   ? "read the new key back from the pending slot and continue; "
                                     "if it is not there, roll back"
                                   : "roll back: " + store + " cannot be read back");
                break;
            case Phase::promoting:
                plan.push_back(store_readable ? "finish promoting the new key"
                                              : "roll back by writing the old key back");
                break;
            case Phase::promoted:
            case Phase::grace:
                plan.push_back(
                    "revoke the old key " + record->old_key_id +
                    (record->revoke_after.empty() ? "" : " after " + record->revoke_after));
                break;
            case Phase::rolling_back:
                plan.push_back("finish the rollback: discard the new key " + record->new_key_id);
                break;
            default:
                break;
        }
        return plan;
    }
    plan.push_back("lock rotate-keys/" + spec.name + " for " + format_duration(spec.lock_ttl) +
                   " and open its journal");
    plan.push_back("create a new key at " + issuer);
    plan.push_back("store it as pending in " + store);
    plan.push_back(
        "verify it with a real request to provider " + spec.verify.provider +
        (spec.verify.model.empty() ? " (models list)" : " (model " + spec.verify.model + ")"));
    plan.push_back("promote it: pending -> current, old -> previous");
    std::string old_id = record && record->phase == Phase::done ? record->current_key_id : "";
    if (old_id.empty())
        old_id = spec.old_key_id;
    plan.push_back(
        (spec.grace.count() > 0 ? "after " + format_duration(spec.grace) + ", revoke" : "revoke") +
        std::string(" the old key ") + (old_id.empty() ? "(id looked up at the issuer)" : old_id));
    return plan;
}

}  // namespace lifeline::rotate
