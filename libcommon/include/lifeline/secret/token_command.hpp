#pragma once
// TokenCommand: a credential printed by a command (`az account get-access-token ... -o tsv`,
// `gcloud auth print-access-token`, a vault CLI), run through the injected ProcessRunner and
// cached for `refresh` on the injected Clock.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <lifeline/core/clock.hpp>
#include <lifeline/process/runner.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::secret {

struct TokenCommandSpec {
    std::vector<std::string> argv;           // the command; never put a secret in it
    std::map<std::string, std::string> env;  // the command's complete environment
    Duration timeout{30'000};                // give up (and kill it) after this long
    Duration refresh{0};                     // reuse the token this long; 0 = run on every call
};

class TokenCommand {
  public:
    // `runner` and `clock` must outlive this object.
    TokenCommand(process::ProcessRunner& runner, const Clock& clock, TokenCommandSpec spec);

    // The token (stdout with surrounding whitespace trimmed), from the cache while it is younger
    // than `refresh`. Errors name argv[0] and the exit code, never what the command printed on
    // stdout: ErrorCode::invalid_input for an empty argv; ErrorCode::not_found when argv[0]
    // cannot be run; ErrorCode::timeout when it ran past `timeout`; ErrorCode::unavailable when
    // it exits non-zero (with the last line of its stderr, redacted), prints nothing, or prints
    // more than one line.
    Result<Secret> token();

    // Forgets the cached token (after a 401), so the next token() runs the command again.
    void invalidate();

  private:
    process::ProcessRunner& m_runner;
    const Clock& m_clock;
    TokenCommandSpec m_spec;
    std::optional<Secret> m_cached;
    SteadyTime m_fetched_at{};
};

}  // namespace lifeline::secret
