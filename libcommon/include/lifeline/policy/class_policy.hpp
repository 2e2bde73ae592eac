#pragma once
// Per-failure-class actions: how often the same candidate is retried and what follows
// (docs/architecture.md "Failure classes"), with the overrides of lifeline.yaml retry:.

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/config/model.hpp>
#include <lifeline/util/duration.hpp>

namespace lifeline::policy {

// After the same-candidate retries are spent: move on down the chain, or end the run.
using Then = config::ClassRetryConfig::Then;

// Which later candidates may take over after a failure of this class.
enum class FallbackFilter {
    any,                   // the next candidate in chain order
    different_credential,  // auth: never the credential that was just rejected
    other_jurisdiction,    // region_blocked: another provider, preferably another jurisdiction
    larger_context,        // context_exceeded: only a strictly larger context_window
};

// "any", "different_credential", "other_jurisdiction", "larger_context".
const char* to_string(FallbackFilter filter);

struct ClassAction {
    FailureClass failure_class = FailureClass::server_error;
    int retries = 0;  // retries on the same candidate (0 = never retried)
    Then then = Then::fallback;
    FallbackFilter filter = FallbackFilter::any;
    Duration max_wait{60'000};       // a longer wait hint skips to the next candidate at once
    bool shorter_timeout = false;    // timeout: the retry runs with a shorter attempt timeout
    bool needs_uncommitted = false;  // stream_broken: retried only if no output was committed
    bool may_compress = false;  // context_exceeded: the compress hook may run when no candidate
                                // with a larger window is left
};

// The built-in action for a class (docs/architecture.md); max_wait is the RetryConfig default
// (60s).
ClassAction default_class_action(FailureClass failure_class);

// The built-in action with retry.<class> overrides (retries, then, max_wait) and the chain-wide
// retry.max_wait applied. Negative retries count as 0. auth is never retried on the same
// credential whatever the config says: the same key will be rejected again.
ClassAction resolve_class_action(FailureClass failure_class, const config::RetryConfig& retry);

}  // namespace lifeline::policy
