#include "rotation.hpp"

#include <lifeline/core/exit_codes.hpp>
#include <lifeline/util/time.hpp>

#include "api_client.hpp"
#include "rotation_lock.hpp"
#include "verifier.hpp"

namespace lifeline::rotate {

namespace {

// Why a step stopped the run; the journal stays where it is (resumable) unless noted.
struct Stop {
    Error error;
};

class Rotation {
  public:
    Rotation(const RotationSpec& spec, EngineDeps& deps)
        : m_spec(spec),
          m_deps(deps),
          m_journal(deps.state, spec.name),
          m_lock(deps.state, spec.name, deps.owner, spec.lock_ttl, deps.owner_is_dead) {
        m_report.name = spec.name;
    }

    RotationReport run(Mode mode) {
        if (auto locked = m_lock.acquire(); !locked) {
            m_report.action = "locked";
            return finish_error(locked.error(), to_int(ExitCode::all_transient));
        }
        auto loaded = m_journal.load();
        if (!loaded)
            return finish_error(loaded.error(), exit_for(loaded.error()));
        std::optional<JournalRecord> existing = *loaded;
        const bool unfinished = existing && !is_finished(existing->phase);

        if (mode == Mode::abort) {
            if (!unfinished)
                return nothing("no interrupted rotation to abort");
            m_record = *existing;
            if (m_record.phase >= Phase::promoting && m_record.phase != Phase::rolling_back) {
                m_report.record = m_record;
                m_report.action = "interrupted";
                return finish_error(make_error(ErrorCode::invalid_input,
                                               "rotation " + m_record.rotation_id +
                                                   " already began promotion: run --resume"),
                                    to_int(ExitCode::usage));
            }
            m_aborting = true;
            return drive_from(Phase::rolling_back, "aborted by --abort");
        }
        if (unfinished) {
            m_record = *existing;
            m_resumed = true;
            say("resuming rotation " + m_record.rotation_id + " at phase " +
                to_string(m_record.phase));
            return drive();
        }
        if (mode == Mode::resume)
            return nothing("no interrupted rotation to resume");
        start_new(existing);
        return drive();
    }

  private:
    // --- driving -------------------------------------------------------------------------

    RotationReport drive_from(Phase phase, const std::string& reason) {
        m_record.reason = reason;
        if (auto saved = save(phase); !saved)
            return finish_error(saved.error(), exit_for(saved.error()));
        return drive();
    }

    RotationReport drive() {
        while (!is_finished(m_record.phase)) {
            if (m_record.phase == Phase::grace && !grace_over())
                break;
            Status step = advance();
            if (!step)
                return finish_error(step.error(), exit_for(step.error()));
        }
        m_report.record = m_record;
        if (m_record.phase == Phase::rolled_back) {
            m_report.action = m_aborting ? "aborted" : "rolled_back";
            if (!m_aborting) {
                m_report.status = output::RunStatus::failed;
                m_report.exit_code = m_failure && is_transient_error(*m_failure)
                                         ? to_int(ExitCode::all_transient)
                                         : to_int(ExitCode::failed);
                m_report.error =
                    make_error(ErrorCode::io, "rotation rolled back: " + m_record.reason);
            }
            return m_report;
        }
        m_report.action = m_record.phase == Phase::grace ? "in_grace"
                          : m_resumed                    ? "resumed"
                                                         : "rotated";
        if (!m_report.warnings.empty())
            m_report.status = output::RunStatus::degraded;
        return m_report;
    }

    // One step from the current phase; saves the next phase.
    Status advance() {
        switch (m_record.phase) {
            case Phase::started:
                return create();
            case Phase::created:
                if (!m_new && !recover_pending())
                    return roll_back("the new key was lost before it was stored (crash)");
                if (m_new && m_recovered)
                    return save(Phase::stored);
                return store_pending();
            case Phase::stored:
                if (!m_new && !recover_pending())
                    return roll_back("the new key cannot be read back from " +
                                     m_deps.store.describe());
                return verify();
            case Phase::verified:
                if (!m_new && !recover_pending())
                    return roll_back("the new key cannot be read back from " +
                                     m_deps.store.describe());
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
            if (auto old = old_key()) {
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
            step("create", "failed: " + issued.error().message);
            m_failure = issued.error();
            return roll_back("the issuer did not create a key: " + issued.error().message);
        }
        m_deps.track_secret(issued->key);
        m_new = std::move(issued->key);
        m_record.new_key_id = issued->id;
        m_record.new_fingerprint = m_new->fingerprint();
        step("create", "ok (" + describe_key(m_record.new_key_id, m_record.new_fingerprint) + ")");
        checkpoint("did:create");
        return save(Phase::created);
    }

    Status store_pending() {
        if (auto written = m_deps.store.write_pending(*m_new, m_record.rotation_id); !written) {
            step("store pending", "failed: " + written.error().message);
            m_failure = written.error();
            return roll_back("storing the new key as pending failed: " + written.error().message);
        }
        step("store pending", "ok (" + m_deps.store.describe() + ")");
        checkpoint("did:store");
        return save(Phase::stored);
    }

    Status verify() {
        auto outcome = verify_key(m_deps.context, m_deps.config, m_spec.verify, *m_new,
                                  m_deps.allow_insecure_loopback);
        if (!outcome) {
            step("verify", "error: " + outcome.error().message);
            return roll_back("the new key could not be verified: " + outcome.error().message);
        }
        if (!outcome->ok) {
            step("verify", "failed: " + outcome->detail);
            return roll_back("verification failed: " + outcome->detail);
        }
        step("verify", "ok (" + outcome->detail + ")");
        checkpoint("did:verify");
        return save(Phase::verified);
    }

    Status promote() {
        if (auto promoted = m_deps.store.promote(*m_new, m_record.rotation_id); !promoted) {
            step("promote", "failed: " + promoted.error().message);
            return fail(make_error(promoted.error().code,
                                   "promotion interrupted (" + promoted.error().message +
                                       "); both keys stay valid: rerun to resume"));
        }
        step("promote", "ok (new key is current)");
        checkpoint("did:promote");
        m_record.current_key_id = m_record.new_key_id;
        m_record.current_fingerprint = m_record.new_fingerprint;
        return save(Phase::promoted);
    }

    Status resume_promotion() {
        if (m_new)
            return promote();
        if (m_deps.store.readable()) {
            auto current = m_deps.store.read_current();
            if (current && *current && (*current)->fingerprint() == m_record.new_fingerprint) {
                m_deps.track_secret(**current);
                m_new = std::move(**current);
                return promote();  // finishes the rest (pending slot) idempotently
            }
            if (recover_pending())
                return promote();
            if (!current)
                return fail(current.error());
            return roll_back("the new key is neither current nor pending in " +
                             m_deps.store.describe());
        }
        // Write-only store: we cannot tell which key it holds. Undo by writing the old key
        // back, which needs the old key's value.
        if (!old_key())
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
            step("revoke old", "scheduled after " + m_record.revoke_after);
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
            warn(
                "the old key's id at the issuer is unknown: it was not revoked (set old_key_id "
                "or revoke " +
                (m_record.old_fingerprint.empty() ? std::string("it") : m_record.old_fingerprint) +
                " by hand)");
            return save(Phase::done);
        }
        if (m_record.old_key_id == m_record.new_key_id ||
            (!m_record.old_fingerprint.empty() &&
             m_record.old_fingerprint == m_record.new_fingerprint)) {
            warn("the old key is the new key: nothing revoked");
            return save(Phase::done);
        }
        if (auto revoked = m_deps.issuer.revoke_key(m_record.old_key_id); !revoked) {
            if (revoked.error().code == ErrorCode::unsupported) {
                warn(revoked.error().message);
                return save(Phase::done);
            }
            step("revoke old", "failed: " + revoked.error().message);
            return fail(make_error(revoked.error().code,
                                   "revoking the old key failed (" + revoked.error().message +
                                       "); the new key is current: rerun to retry"));
        }
        m_record.old_revoked = true;
        step("revoke old",
             "ok (" + describe_key(m_record.old_key_id, m_record.old_fingerprint) + ")");
        checkpoint("did:revoke");
        return save(Phase::done);
    }

    // --- rollback --------------------------------------------------------------------------

    Status roll_back(const std::string& reason) {
        say("rolling back: " + reason);
        m_record.reason = reason;
        return save(Phase::rolling_back);
    }

    Status roll_back_step() {
        if (m_record.restore_old) {
            auto old = old_key();
            if (!old)
                return fail(make_error(ErrorCode::io, "rollback must write the old key back to " +
                                                          m_deps.store.describe() +
                                                          ": set current_key_env and rerun"));
            LIFELINE_TRY_VOID(m_deps.store.restore_current(*old));
            step("restore old", "ok (" + m_deps.store.describe() + ")");
        }
        if (!m_record.new_key_id.empty()) {
            if (auto discarded = m_deps.issuer.discard_key(m_record.new_key_id); !discarded) {
                step("discard new", "failed: " + discarded.error().message);
                return fail(make_error(discarded.error().code,
                                       "rollback could not discard the new key (" +
                                           discarded.error().message + "): rerun to finish"));
            }
            step("discard new",
                 "ok (" + describe_key(m_record.new_key_id, m_record.new_fingerprint) + ")");
        }
        LIFELINE_TRY_VOID(discard_orphans());
        if (auto cleared = m_deps.store.clear_pending(); !cleared)
            return fail(make_error(cleared.error().code,
                                   "rollback could not empty the pending slot (" +
                                       cleared.error().message + "): rerun to finish"));
        step("clear pending", "ok");
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
            step("discard orphan", "ok (id " + id + ")");
        }
        return {};
    }

    // --- helpers -----------------------------------------------------------------------------

    // Reads the pending slot back after a crash; true when it holds the journaled new key.
    bool recover_pending() {
        if (!m_deps.store.readable())
            return false;
        auto pending = m_deps.store.read_pending();
        if (!pending || !*pending || (*pending)->fingerprint() != m_record.new_fingerprint)
            return false;
        m_deps.track_secret(**pending);
        m_new = std::move(**pending);
        m_recovered = true;
        step("recover", "new key read back from the pending slot");
        return true;
    }

    // The key the store holds now (or $current_key_env for a write-only store).
    std::optional<secret::Secret> old_key() {
        if (m_old_loaded)
            return m_old;
        m_old_loaded = true;
        if (m_deps.store.readable()) {
            if (auto current = m_deps.store.read_current(); current && *current)
                m_old = std::move(**current);
        }
        if (!m_old && !m_spec.current_key_env.empty()) {
            if (auto value = m_deps.context.env.get_non_empty(m_spec.current_key_env))
                m_old = secret::Secret(std::move(*value));
        }
        if (m_old)
            m_deps.track_secret(*m_old);
        return m_old;
    }

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

    void checkpoint(const std::string& point) {
        if (m_deps.checkpoint)
            m_deps.checkpoint(point);
    }
    void step(const std::string& name, const std::string& result) {
        m_report.steps.push_back(name + ": " + result);
        say(name + ": " + result);
    }
    void say(const std::string& line) {
        if (m_deps.progress)
            m_deps.progress(m_spec.name + ": " + line);
    }
    void warn(const std::string& message) {
        m_report.warnings.push_back(message);
        say("warning: " + message);
    }
    static std::string describe_key(const std::string& id, const std::string& fingerprint) {
        return (id.empty() ? std::string() : "id " + id + ", ") + fingerprint;
    }
    int exit_for(const Error& error) const {
        return is_transient_error(error) ? to_int(ExitCode::all_transient)
                                         : to_int(ExitCode::failed);
    }

    RotationReport nothing(const std::string& why) {
        m_report.action = "nothing_to_do";
        m_report.steps.push_back(why);
        return m_report;
    }

    RotationReport finish_error(const Error& error, int exit_code) {
        if (m_report.action.empty())
            m_report.action = "interrupted";
        if (!m_record.rotation_id.empty())
            m_report.record = m_record;
        m_report.error = error;
        m_report.status = output::RunStatus::failed;
        m_report.exit_code = exit_code;
        return m_report;
    }

    const RotationSpec& m_spec;
    EngineDeps& m_deps;
    Journal m_journal;
    RotationLock m_lock;
    JournalRecord m_record;
    RotationReport m_report;
    std::optional<secret::Secret> m_new;
    std::optional<secret::Secret> m_old;
    std::optional<Error> m_failure;
    bool m_old_loaded = false;
    bool m_recovered = false;
    bool m_resumed = false;
    bool m_aborting = false;
};

}  // namespace

RotationReport run_rotation(const RotationSpec& spec, Mode mode, EngineDeps& deps) {
    Rotation rotation(spec, deps);
    return rotation.run(mode);
}

}  // namespace lifeline::rotate
