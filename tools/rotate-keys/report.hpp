#pragma once
// What a run shows: the status document's data (fingerprints only, never keys), the text
// rendering, the GitHub step summary table, and the dry-run plan.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "journal.hpp"
#include "rotation.hpp"
#include "spec.hpp"

namespace lifeline::rotate {

// The document entry for one rotation: name, action, phase, rotation_id, issuer, store,
// new_key {id, fingerprint}, old_key {id, fingerprint, revoked, revoke_after}, steps,
// warnings, error.
nlohmann::json rotation_json(const RotationReport& report, const std::string& issuer,
                             const std::string& store);

// "| rotation | result | new key | old key |" markdown for the step summary.
std::string summary_markdown(const std::vector<RotationReport>& reports);

// Human text: one block per rotation with its steps.
std::string render_text(const std::vector<RotationReport>& reports);

// The steps a run would take for `spec`, given the journal's record (a resume, a rollback,
// a grace wait or a new rotation). Pure: touches nothing.
std::vector<std::string> plan_rotation(const RotationSpec& spec,
                                       const std::optional<JournalRecord>& record,
                                       const std::string& issuer, const std::string& store,
                                       bool store_readable);

}  // namespace lifeline::rotate
