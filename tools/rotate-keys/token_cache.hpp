#pragma once
// `rotate-keys token`: a bearer token printed by a command, cached in a 0600 file and
// refreshed when older than --refresh, so it can serve as Codex CLI's auth command (which runs
// it often) without running `az`/`gcloud` every time.

#include <string>
#include <vector>

#include <lifeline/app/context.hpp>
#include <lifeline/secret/secret.hpp>
#include <lifeline/util/duration.hpp>
#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

struct TokenOptions {
    std::vector<std::string> argv;  // the command; never a secret in it
    Duration refresh{55 * 60'000};
    Duration timeout{30'000};
    std::string cache_dir;  // empty: default_token_cache_dir()
};

// --cache-dir's default: $LIFELINE_TOKEN_CACHE_DIR, else $XDG_STATE_HOME/lifeline/tokens,
// else $HOME/.local/state/lifeline/tokens, else .lifeline/tokens.
std::string default_token_cache_dir(const Environment& env);

// The cache file for `argv` inside `dir` (named by a hash of the command, not the command).
std::string token_cache_path(const std::string& dir, const std::vector<std::string>& argv);

// The token: from the cache while younger than `refresh` (by context.clock), else from a
// fresh run of the command (TokenCommand's errors), which is then cached. A damaged cache is
// ignored and rewritten.
Result<secret::Secret> cached_token(Context& context, const TokenOptions& options);

// Splits a --command string on whitespace, honouring '...' and "..." quoting.
Result<std::vector<std::string>> split_command(std::string_view text);

}  // namespace lifeline::rotate
