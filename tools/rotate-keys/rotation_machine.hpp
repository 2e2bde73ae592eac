#pragma once
// The state machine of one rotation behind run_rotation() (rotation.hpp); internal to
// rotate-keys. Its members are defined by concern: rotation.cpp drives the phases,
// rotation_forward.cpp holds the forward steps (create, store, verify, promote, revoke),
// rotation_rollback.cpp the way back.

#include <optional>
#include <string>

#include <lifeline/util/result.hpp>

#include "journal.hpp"
#include "key_slots.hpp"
#include "report_builder.hpp"
#include "rotation.hpp"
#include "rotation_lock.hpp"

namespace lifeline::rotate {

// "id <id>, <fingerprint>", or only the fingerprint when the id is unknown (empty).
std::string describe_key(const std::string& id, const std::string& fingerprint);

// Each step moves the journal from one phase to the next (saved with compare-and-set, the
// lock renewed), and a failed step either stops the run where the journal stands (a rerun
// resumes there) or turns it towards rolled_back.
class RotationMachine {
  public:
    // `spec` and `deps` must outlive the machine.
    RotationMachine(const RotationSpec& spec, EngineDeps& deps);

    // Takes the lock, then finishes, aborts or starts the rotation as `mode` says.
    RotationReport run(Mode mode);

  private:
    // --- driving (rotation.cpp) ------------------------------------------------------------

    // --abort rolls back only what has not begun promotion: after that, only forward is safe.
    RotationReport abort_interrupted(const JournalRecord& existing);
    // Advances until the journal is finished or waits out a grace period.
    RotationReport drive();
    // One step from the current phase; saves the next phase.
    Status advance();
    // The journal moves to `phase` (compare-and-set: another run's write stops this one),
    // then the checkpoint of that phase, then the lock is renewed.
    Status save(Phase phase);
    // Ends the run where the journal stands: a rerun resumes from there.
    RotationReport stop(const Error& error);
    // The pending slot read back after a crash; true when it holds the journaled new key.
    bool recover_pending();
    std::string unreadable_new_key() const;
    void checkpoint(const std::string& point);

    // --- forward steps (rotation_forward.cpp) ------------------------------------------------

    // A fresh record for this run; the old key's id and fingerprint carried over from a
    // `previous` rotation that finished.
    void start_new(const std::optional<JournalRecord>& previous);
    Status create();
    Status store_pending();
    Status verify();
    Status promote();
    // After a crash in promoting: forward when the new key can be found, else back.
    Status resume_promotion();
    // Schedules the revocation after the grace period, or revokes now when there is none.
    Status after_promotion();
    // True once revoke_after has passed (or cannot be read).
    bool grace_over() const;
    Status revoke_old();

    // --- rollback (rotation_rollback.cpp) ----------------------------------------------------

    // Turns the journal towards rolled_back, `reason` recorded.
    Status roll_back(const std::string& reason);
    // Restores the old key if needed, discards the new key and orphans, clears pending.
    Status roll_back_step();
    // Keys named for this rotation that the journal does not know: a create whose answer
    // was lost. They were never stored anywhere, so deleting them is safe.
    Status discard_orphans();

    const RotationSpec& m_spec;
    EngineDeps& m_deps;
    Journal m_journal;
    RotationLock m_lock;
    JournalRecord m_record;  // where the journal stands
    KeySlots m_keys;
    ReportBuilder m_report;
    Start m_start = Start::fresh;
};

}  // namespace lifeline::rotate
