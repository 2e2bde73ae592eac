#pragma once
// The exit codes every lifeline tool shares. This table is a published contract (README).

namespace lifeline {

enum class ExitCode : int {
    ok = 0,              // everything checked is fine
    failed = 1,          // the checked thing failed: no provider usable, budget exceeded,
                         // rotation rolled back
    usage = 2,           // bad flags, bad config, bad input file
    all_transient = 75,  // every candidate failed transiently (EX_TEMPFAIL): a job retry may help
    auth_failed = 77,    // authentication failed everywhere (EX_NOPERM)
    interrupted = 130,   // SIGINT (128 + 2)
    terminated = 143,    // SIGTERM (128 + 15)
};

constexpr int to_int(ExitCode code) {
    return static_cast<int>(code);
}

// Short description used in help texts and the README table ("usage or bad input").
const char* describe(ExitCode code);

}  // namespace lifeline
