#pragma once
// The rotation protocol (AWS Secrets Manager's create/set/test/finish, plus revoke):
// lock -> journal -> create at the issuer -> store as pending -> verify -> promote ->
// revoke the old key (now, or after a grace period). Each step is journaled with
// compare-and-set; a rerun resumes forward when the new key can be recovered from the store
// and rolls back (discard the new key, keep the old) when it cannot. The old key is never
// revoked before the new one is durably current.

#include <functional>
#include <string>

#include <lifeline/app/context.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/state/store.hpp>

#include "issuer.hpp"
#include "journal.hpp"
#include "rotation_report.hpp"
#include "spec.hpp"
#include "store.hpp"

namespace lifeline::rotate {

enum class Mode {
    rotate,  // finish an interrupted rotation if any, else start a new one
    resume,  // only finish an interrupted rotation
    abort,   // roll an interrupted rotation back (refused once promotion has begun)
};

struct EngineDeps {
    Context& context;
    const config::Config& config;
    state::StateStore& state;
    Issuer& issuer;
    SecretStore& store;
    std::string owner;        // lock owner token
    std::string rotation_id;  // id for a new rotation
    bool allow_insecure_loopback = false;
    // Every key the engine holds is registered here first (redaction, ::add-mask::).
    std::function<void(const secret::Secret&)> track_secret;
    // One human progress line (the caller redacts and prints it).
    std::function<void(const std::string&)> progress;
    // Called at named points ("did:create", then the phase name after each journal write);
    // tests make the process die there.
    std::function<void(const std::string&)> checkpoint;
    std::function<bool(const std::string&)> owner_is_dead;
};

// Runs (or resumes, or aborts) the rotation `spec` describes.
RotationReport run_rotation(const RotationSpec& spec, Mode mode, EngineDeps& deps);

}  // namespace lifeline::rotate
