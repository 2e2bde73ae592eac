#include "rotation.hpp"

#include <lifeline/core/exit_codes.hpp>
#include <lifeline/util/time.hpp>

#include "key_slots.hpp"
#include "report_builder.hpp"
#include "rotation_lock.hpp"
#include "verifier.hpp"

namespace lifeline::rotate {

namespace {

std::string describe_key(const std::string& id, const std::string& fingerprint) {
    return (id.empty() ? std::string() : "id " + id + ", ") + fingerprint;
}

// The state machine of one rotation: each step moves the journal from one phase to the next
// (saved with compare-and-set, the lock renewed), and a failed step either stops the run
// where the journal stands (a rerun resumes there) or turns it towards rolled_back.
class Rotation {
  public:
    Rotation(const RotationSpec& spec, EngineDeps& deps)
        : m_spec(spec),
          m_deps(deps),
          m_journal(deps.state, spec.name),
          m_lock(deps.state, spec.name, deps.owner, spec.lock_ttl, deps.owner_is_dead),
          m_keys(deps.store, deps.context.env, spec.current_key_env, deps.track_secret),
          m_report(spec.name, deps.progress) {}

    RotationReport run(Mode mode) {
        if (auto locked = m_lock.acquire(); !locked)
            return m_report.failed("locked", locked.error(), to_int(ExitCode::all_transient),
                                   std::nullopt);
        auto loaded = m_journal.load();
        if (!loaded)
            return stop(loaded.error());
        const std::optional<JournalRecord>& existing = *loaded;
        const bool unfinished = existing && !is_finished(existing->phase);
        if (mode == Mode::abort)
            return unfinished ? abort_interrupted(*existing)
                              : m_report.nothing("no interrupted rotation to abort");
        if (unfinished) {
            m_record = *existing;
            m_start = Start::resumed;
            m_report.say("resuming rotation " + m_record.rotation_id + " at phase " +
                         to_string(m_record.phase));
            return drive();
        }
        if (mode == Mode::resume)
            return m_report.nothing("no interrupted rotation to resume");
        start_new(existing);
        return drive();
    }

  private:
    // --- driving -------------------------------------------------------------------------

    // --abort rolls back only what has not begun promotion: after that, only forward is safe.
    RotationReport abort_interrupted(const JournalRecord& existing) {
        m_record = existing;
        if (m_record.phase >= Phase::promoting && m_record.phase != Phase::rolling_back)
            return m_report.failed(
                "interrupted",
                make_error(ErrorCode::invalid_input, "rotation " + m_record.rotation_id +
                                                         " already began promotion: run --resume"),
                to_int(ExitCode::usage), m_record);
        m_start = Start::abort;
        m_record.reason = "aborted by --abort";
        if (auto saved = save(Phase::rolling_back); !saved)
            return stop(saved.error());
        return drive();
    }

    RotationReport drive() {
        while (!is_finished(m_record.phase)) {
            if (m_record.phase == Phase::grace && !grace_over())
                break;
            if (Status step = advance(); !step)
                return stop(step.error());
        }
        return m_report.finished(m_record, m_start);
    }

    // One step from the current phase; saves the next phase.
    Status advance() {
        switch (m_record.phase) {
            case Phase::started:
                return create();
            case Phase::created:
                if (!m_keys.next() && !recover_pending())
                    return roll_back("the new key was lost before it was stored (crash)");
                if (m_keys.next_from_pending())
                    return save(Phase::stored);
                return store_pending();
            case Phase::stored:
                if (!m_keys.next() && !recover_pending())
                    return roll_back(unreadable_new_key());
                return verify();
            case Phase::verified:
                if (!m_keys.next() && !recover_pending())
                    return roll_back(unreadable_new_key());
                LIFELINE_TRY_VOID(save(Phase::promoting));
                return promote();
            case Phase::promoting:
                return resume_promotion();
            case Phase::promoted:
                return after_promotion();
            case Phase::grace:
                return revoke_old();
            case Phase::rolling_back:
                return roll_back_step();
            case Phase::done:
            case Phase::rolled_back:
                return {};
        }
        return {};
    }

    // The journal moves to `phase` (compare-and-set: another run's write stops this one),
    // then the checkpoint of that phase, then the lock is renewed.
    Status save(Phase phase) {
        JournalRecord next = m_record;
        next.phase = phase;
        next.owner = m_deps.owner;
        next.updated_at = format_rfc3339(m_deps.context.clock.now());
        LIFELINE_TRY_VOID(m_journal.save(next));
        m_record = next;
        checkpoint(to_string(phase));
        return m_lock.renew();
    }

    // Ends the run where the journal stands: a rerun resumes from there.
    RotationReport stop(const Error& error) {
        return m_report.failed(
            "interrupted", error, exit_code_for(error),
            m_record.rotation_id.empty() ? std::nullopt : std::optional<JournalRecord>(m_record));
    }

    // --- forward steps -------------------------------------------------------------------

    void start_new(const std::optional<JournalRecord>& previous) {
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

    Status create() {
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

    Status store_pending() {
        if (auto written = m_deps.store.write_pending(*m_keys.next(), m_record.rotation_id);
            !written) {
            m_report.step("store pending", "failed: " + written.error().message);
            m_report.rollback_cause(written.error());
            return roll_back("storing the new key as pending failed: " + written.error().message);
        }
        m_report.step("store pending", "ok (" + m_deps.store.describe() + ")");
        checkpoint("did:store");
        return save(Phase::stored);
    }

    Status verify() {
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

    Status promote() {
        if (auto promoted = m_deps.store.promote(*m_keys.next(), m_record.rotation_id); !promoted) {
            m_report.step("promote", "failed: " + promoted.error().message);
            return fail(make_error(promoted.error().code,
                                   "promotion interrupted (" + promoted.error().message +
                                       "); both keys stay valid: rerun to resume"));
        }
        m_report.step("promote", "ok (new key is current)");
        checkpoint("did:promote");
        m_record.current_key_id = m_record.new_key_id;
        m_record.current_fingerprint = m_record.new_fingerprint;
        return save(Phase::promoted);
    }

    Status resume_promotion() {
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
            return fail(make_error(
                ErrorCode::io, "a crash interrupted promotion in " + m_deps.store.describe() +
                                   ", which cannot be read back; both keys stay valid. "
                                   "Set current_key_env to the old key and rerun to roll back"));
        m_record.restore_old = true;
        return roll_back("promotion in a write-only store was interrupted");
    }

    Status after_promotion() {
        if (m_spec.grace.count() > 0 && m_record.revoke_after.empty()) {
            m_record.revoke_after = format_rfc3339(m_deps.context.clock.now() + m_spec.grace);
            m_report.step("revoke old", "scheduled after " + m_record.revoke_after);
            return save(Phase::grace);
        }
        return revoke_old();
    }

    bool grace_over() const {
        auto until = parse_rfc3339(m_record.revoke_after);
        return !until || m_deps.context.clock.now() >= *until;
    }

    Status revoke_old() {
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

    // --- rollback --------------------------------------------------------------------------

    Status roll_back(const std::string& reason) {
        m_report.say("rolling back: " + reason);
        m_record.reason = reason;
        return save(Phase::rolling_back);
    }

    Status roll_back_step() {
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
            m_report.step(
                "discard new",
                "ok (" + describe_key(m_record.new_key_id, m_record.new_fingerprint) + ")");
        }
        LIFELINE_TRY_VOID(discard_orphans());
        if (auto cleared = m_deps.store.clear_pending(); !cleared)
            return fail(make_error(cleared.error().code,
                                   "rollback could not empty the pending slot (" +
                                       cleared.error().message + "): rerun to finish"));
        m_report.step("clear pending", "ok");
        return save(Phase::rolled_back);
    }

    // Keys named for this rotation that the journal does not know: a create whose answer
    // was lost. They were never stored anywhere, so deleting them is safe.
    Status discard_orphans() {
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

    // --- helpers -----------------------------------------------------------------------------

    // The pending slot read back after a crash; true when it holds the journaled new key.
    bool recover_pending() {
        if (!m_keys.recover_pending(m_record.new_fingerprint))
            return false;
        m_report.step("recover", "new key read back from the pending slot");
        return true;
    }

    std::string unreadable_new_key() const {
        return "the new key cannot be read back from " + m_deps.store.describe();
    }

    void checkpoint(const std::string& point) {
        if (m_deps.checkpoint)
            m_deps.checkpoint(point);
    }

    const RotationSpec& m_spec;
    EngineDeps& m_deps;
    Journal m_journal;
    RotationLock m_lock;
    JournalRecord m_record;  // where the journal stands
    KeySlots m_keys;
    ReportBuilder m_report;
    Start m_start = Start::fresh;
};

}  // namespace

RotationReport run_rotation(const RotationSpec& spec, Mode mode, EngineDeps& deps) {
    Rotation rotation(spec, deps);
    return rotation.run(mode);
}

}  // namespace lifeline::rotate
