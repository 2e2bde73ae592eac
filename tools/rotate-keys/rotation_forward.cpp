// The forward steps of a rotation (RotationMachine, rotation_machine.hpp): start a record,
// create the new key at the issuer, store it as pending, verify it, promote it (or recover an
// interrupted promotion), and revoke the old key now or after the grace period.
#include <lifeline/util/time.hpp>

#include "rotation_machine.hpp"
#include "verifier.hpp"

namespace lifeline::rotate {

void RotationMachine::start_new(const std::optional<JournalRecord>& previous) {
    const std::string now = format_rfc3339(m_deps.context.clock.now());
    m_record = JournalRecord{};
    m_record.rotation_id = m_deps.rotation_id;
    m_record.owner = m_deps.owner;
    m_record.started_at = now;
    m_record.new_key_name =
        m_spec.issuer.name_prefix + "-" + m_spec.name + "-" + m_deps.rotation_id;
    if (previous && previous->phase == Phase::done)
        m_record.old_key_id = previous->current_key_id;
    if (m_record.old_key_id.empty())
        m_record.old_key_id = m_spec.old_key_id;
    if (previous && previous->phase == Phase::done)
        m_record.old_fingerprint = previous->current_fingerprint;
    m_record.phase = Phase::started;
}

Status RotationMachine::create() {
    if (m_record.updated_at.empty()) {
        // First write of this rotation: who the old key is, before anything changes.
        if (const auto& old = m_keys.old()) {
            m_record.old_fingerprint = old->fingerprint();
            if (m_record.old_key_id.empty()) {
                auto id = m_deps.issuer.find_id(*old);
                if (id && *id)
                    m_record.old_key_id = **id;
            }
        }
        LIFELINE_TRY_VOID(save(Phase::started));
    }
    LIFELINE_TRY_VOID(discard_orphans());
    auto issued = m_deps.issuer.create_key(m_record.new_key_name);
    if (!issued) {
        m_report.step("create", "failed: " + issued.error().message);
        m_report.rollback_cause(issued.error());
        return roll_back("the issuer did not create a key: " + issued.error().message);
    }
    m_keys.set_next(std::move(issued->key));
    m_record.new_key_id = issued->id;
    m_record.new_fingerprint = m_keys.next()->fingerprint();
    m_report.step("create",
                  "ok (" + describe_key(m_record.new_key_id, m_record.new_fingerprint) + ")");
    checkpoint("did:create");
    return save(Phase::created);
}

Status RotationMachine::store_pending() {
    if (auto written = m_deps.store.write_pending(*m_keys.next(), m_record.rotation_id); !written) {
        m_report.step("store pending", "failed: " + written.error().message);
        m_report.rollback_cause(written.error());
        return roll_back("storing the new key as pending failed: " + written.error().message);
    }
    m_report.step("store pending", "ok (" + m_deps.store.describe() + ")");
    checkpoint("did:store");
    return save(Phase::stored);
}

Status RotationMachine::verify() {
    auto outcome = verify_key(m_deps.context, m_deps.config, m_spec.verify, *m_keys.next(),
                              m_deps.allow_insecure_loopback);
    if (!outcome) {
        m_report.step("verify", "error: " + outcome.error().message);
        return roll_back("the new key could not be verified: " + outcome.error().message);
    }
    if (!outcome->ok) {
        m_report.step("verify", "failed: " + outcome->detail);
        return roll_back("verification failed: " + outcome->detail);
    }
    m_report.step("verify", "ok (" + outcome->detail + ")");
    checkpoint("did:verify");
    return save(Phase::verified);
}

Status RotationMachine::promote() {
    if (auto promoted = m_deps.store.promote(*m_keys.next(), m_record.rotation_id); !promoted) {
        m_report.step("promote", "failed: " + promoted.error().message);
        return fail(
            make_error(promoted.error().code, "promotion interrupted (" + promoted.error().message +
                                                  "); both keys stay valid: rerun to resume"));
    }
    m_report.step("promote", "ok (new key is current)");
    checkpoint("did:promote");
    m_record.current_key_id = m_record.new_key_id;
    m_record.current_fingerprint = m_record.new_fingerprint;
    return save(Phase::promoted);
}

Status RotationMachine::resume_promotion() {
    if (m_keys.next())
        return promote();
    if (m_deps.store.readable()) {
        // Current first: promote() finishes the rest (pending slot) idempotently.
        const Result<bool> adopted = m_keys.adopt_current(m_record.new_fingerprint);
        if ((adopted && *adopted) || recover_pending())
            return promote();
        if (!adopted)
            return fail(adopted.error());
        return roll_back("the new key is neither current nor pending in " +
                         m_deps.store.describe());
    }
    // Write-only store: we cannot tell which key it holds. Undo by writing the old key
    // back, which needs the old key's value.
    if (!m_keys.old())
        return fail(make_error(ErrorCode::io,
                               "a crash interrupted promotion in " + m_deps.store.describe() +
                                   ", which cannot be read back; both keys stay valid. "
                                   "Set current_key_env to the old key and rerun to roll back"));
    m_record.restore_old = true;
    return roll_back("promotion in a write-only store was interrupted");
}

Status RotationMachine::after_promotion() {
    if (m_spec.grace.count() > 0 && m_record.revoke_after.empty()) {
        m_record.revoke_after = format_rfc3339(m_deps.context.clock.now() + m_spec.grace);
        m_report.step("revoke old", "scheduled after " + m_record.revoke_after);
        return save(Phase::grace);
    }
    return revoke_old();
}

bool RotationMachine::grace_over() const {
    auto until = parse_rfc3339(m_record.revoke_after);
    return !until || m_deps.context.clock.now() >= *until;
}

Status RotationMachine::revoke_old() {
    if (m_record.old_key_id.empty()) {
        m_report.warn(
            "the old key's id at the issuer is unknown: it was not revoked (set old_key_id "
            "or revoke " +
            (m_record.old_fingerprint.empty() ? std::string("it") : m_record.old_fingerprint) +
            " by hand)");
        return save(Phase::done);
    }
    if (m_record.old_key_id == m_record.new_key_id ||
        (!m_record.old_fingerprint.empty() &&
         m_record.old_fingerprint == m_record.new_fingerprint)) {
        m_report.warn("the old key is the new key: nothing revoked");
        return save(Phase::done);
    }
    if (auto revoked = m_deps.issuer.revoke_key(m_record.old_key_id); !revoked) {
        if (revoked.error().code == ErrorCode::unsupported) {
            m_report.warn(revoked.error().message);
            return save(Phase::done);
        }
        m_report.step("revoke old", "failed: " + revoked.error().message);
        return fail(make_error(revoked.error().code,
                               "revoking the old key failed (" + revoked.error().message +
                                   "); the new key is current: rerun to retry"));
    }
    m_record.old_revoked = true;
    m_report.step("revoke old",
                  "ok (" + describe_key(m_record.old_key_id, m_record.old_fingerprint) + ")");
    checkpoint("did:revoke");
    return save(Phase::done);
}

}  // namespace lifeline::rotate
