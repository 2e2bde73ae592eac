// Drives one rotation's state machine (declared in rotation_machine.hpp): the lock, the
// choice between resume, abort and a new rotation, and the phase-by-phase loop with its journal
// writes. The steps themselves are in rotation_forward.cpp and rotation_rollback.cpp.
#include "rotation.hpp"

#include <lifeline/core/exit_codes.hpp>
#include <lifeline/util/time.hpp>

#include "rotation_machine.hpp"

namespace lifeline::rotate {

std::string describe_key(const std::string& id, const std::string& fingerprint) {
    return (id.empty() ? std::string() : "id " + id + ", ") + fingerprint;
}

RotationMachine::RotationMachine(const RotationSpec& spec, EngineDeps& deps)
    : m_spec(spec),
      m_deps(deps),
      m_journal(deps.state, spec.name),
      m_lock(deps.state, spec.name, deps.owner, spec.lock_ttl, deps.owner_is_dead),
      m_keys(deps.store, deps.context.env, spec.current_key_env, deps.track_secret),
      m_report(spec.name, deps.progress) {}

RotationReport RotationMachine::run(Mode mode) {
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

RotationReport RotationMachine::abort_interrupted(const JournalRecord& existing) {
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

RotationReport RotationMachine::drive() {
    while (!is_finished(m_record.phase)) {
        if (m_record.phase == Phase::grace && !grace_over())
            break;
        if (Status step = advance(); !step)
            return stop(step.error());
    }
    return m_report.finished(m_record, m_start);
}

Status RotationMachine::advance() {
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

Status RotationMachine::save(Phase phase) {
    JournalRecord next = m_record;
    next.phase = phase;
    next.owner = m_deps.owner;
    next.updated_at = format_rfc3339(m_deps.context.clock.now());
    LIFELINE_TRY_VOID(m_journal.save(next));
    m_record = next;
    checkpoint(to_string(phase));
    return m_lock.renew();
}

RotationReport RotationMachine::stop(const Error& error) {
    return m_report.failed(
        "interrupted", error, exit_code_for(error),
        m_record.rotation_id.empty() ? std::nullopt : std::optional<JournalRecord>(m_record));
}

bool RotationMachine::recover_pending() {
    if (!m_keys.recover_pending(m_record.new_fingerprint))
        return false;
    m_report.step("recover", "new key read back from the pending slot");
    return true;
}

std::string RotationMachine::unreadable_new_key() const {
    return "the new key cannot be read back from " + m_deps.store.describe();
}

void RotationMachine::checkpoint(const std::string& point) {
    if (m_deps.checkpoint)
        m_deps.checkpoint(point);
}

RotationReport run_rotation(const RotationSpec& spec, Mode mode, EngineDeps& deps) {
    RotationMachine rotation(spec, deps);
    return rotation.run(mode);
}

}  // namespace lifeline::rotate
