// The way back of a rotation (RotationMachine, rotation_machine.hpp): turn the journal towards
// rolled_back, then write the old key back where promotion was interrupted, discard the new key
// and any orphans at the issuer, and empty the pending slot.
#include "rotation_machine.hpp"

namespace lifeline::rotate {

Status RotationMachine::roll_back(const std::string& reason) {
    m_report.say("rolling back: " + reason);
    m_record.reason = reason;
    return save(Phase::rolling_back);
}

Status RotationMachine::roll_back_step() {
    if (m_record.restore_old) {
        const auto& old = m_keys.old();
        if (!old)
            return fail(make_error(ErrorCode::io, "rollback must write the old key back to " +
                                                      m_deps.store.describe() +
                                                      ": set current_key_env and rerun"));
        LIFELINE_TRY_VOID(m_deps.store.restore_current(*old));
        m_report.step("restore old", "ok (" + m_deps.store.describe() + ")");
    }
    if (!m_record.new_key_id.empty()) {
        if (auto discarded = m_deps.issuer.discard_key(m_record.new_key_id); !discarded) {
            m_report.step("discard new", "failed: " + discarded.error().message);
            return fail(make_error(discarded.error().code,
                                   "rollback could not discard the new key (" +
                                       discarded.error().message + "): rerun to finish"));
        }
        m_report.step("discard new",
                      "ok (" + describe_key(m_record.new_key_id, m_record.new_fingerprint) + ")");
    }
    LIFELINE_TRY_VOID(discard_orphans());
    if (auto cleared = m_deps.store.clear_pending(); !cleared)
        return fail(make_error(cleared.error().code, "rollback could not empty the pending slot (" +
                                                         cleared.error().message +
                                                         "): rerun to finish"));
    m_report.step("clear pending", "ok");
    return save(Phase::rolled_back);
}

Status RotationMachine::discard_orphans() {
    auto named = m_deps.issuer.find_named(m_record.new_key_name);
    if (!named)
        return fail(named.error());
    for (const std::string& id : *named) {
        if (id == m_record.new_key_id)
            continue;  // the journaled key: kept going forward, discarded by the rollback
        LIFELINE_TRY_VOID(m_deps.issuer.discard_key(id));
        m_report.step("discard orphan", "ok (id " + id + ")");
    }
    return {};
}

}  // namespace lifeline::rotate
