#include "token_cache.hpp"

#include <sodium.h>

#include <lifeline/secret/token_command.hpp>
#include <lifeline/util/time.hpp>

#include "api_client.hpp"

namespace lifeline::rotate {

std::string default_token_cache_dir(const Environment& env) {
    if (auto dir = env.get_non_empty("LIFELINE_TOKEN_CACHE_DIR"))
        return *dir;
    if (auto dir = env.get_non_empty("XDG_STATE_HOME"))
        return *dir + "/lifeline/tokens";
    if (auto home = env.get_non_empty("HOME"))
        return *home + "/.local/state/lifeline/tokens";
    return ".lifeline/tokens";
}

std::string token_cache_path(const std::string& dir, const std::vector<std::string>& argv) {
    std::string joined;
    for (const std::string& arg : argv) {
        joined += arg;
        joined += '\0';
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(joined.data()),
                       joined.size());
    static const char* k_hex = "0123456789abcdef";
    std::string name;
    for (int i = 0; i < 12; ++i) {
        name += k_hex[digest[i] >> 4];
        name += k_hex[digest[i] & 15];
    }
    return dir + "/" + name + ".json";
}

Result<secret::Secret> cached_token(Context& context, const TokenOptions& options) {
    if (options.argv.empty())
        return fail(ErrorCode::invalid_input, "token: --command is empty");
    if (sodium_init() < 0)
        return fail(ErrorCode::internal, "libsodium could not be initialised");
    const std::string dir =
        options.cache_dir.empty() ? default_token_cache_dir(context.env) : options.cache_dir;
    const std::string path = token_cache_path(dir, options.argv);
    const SystemTime now = context.clock.now();

    if (auto text = context.fs.read_file(path)) {
        auto cached = try_parse_json(*text);
        std::fill(text->begin(), text->end(), '\0');
        if (cached) {
            auto fetched = parse_rfc3339(json_string(*cached, "fetched_at"));
            std::string token = json_string(*cached, "token");
            if (cached->contains("token") && (*cached)["token"].is_string()) {
                std::string& held = (*cached)["token"].get_ref<std::string&>();
                std::fill(held.begin(), held.end(), '\0');
            }
            // A fetch time in the future (clock jumped back) is treated as stale.
            if (fetched && !token.empty() && *fetched <= now && now - *fetched < options.refresh)
                return secret::Secret(std::move(token));
        }
    }

    secret::TokenCommandSpec spec;
    spec.argv = options.argv;
    spec.env = context.env.all();
    spec.timeout = options.timeout;
    secret::TokenCommand command(context.processes, context.clock, spec);
    secret::Secret token = LIFELINE_TRY(command.token());

    Json cache = {{"fetched_at", format_rfc3339(now)}, {"token", std::string(token.reveal())}};
    std::string content = cache.dump();
    LIFELINE_TRY_VOID(context.fs.create_directories(dir));
    Status written = context.fs.write_file_atomic(path, content, 0600);
    std::fill(content.begin(), content.end(), '\0');
    LIFELINE_TRY_VOID(written);
    return token;
}

Result<std::vector<std::string>> split_command(std::string_view text) {
    std::vector<std::string> argv;
    std::string current;
    bool in_word = false;
    char quote = '\0';
    for (char c : text) {
        if (quote != '\0') {
            if (c == quote)
                quote = '\0';
            else
                current += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word)
                argv.push_back(std::move(current));
            current.clear();
            in_word = false;
        } else {
            current += c;
            in_word = true;
        }
    }
    if (quote != '\0')
        return fail(ErrorCode::invalid_input, "token: unbalanced quote in --command");
    if (in_word)
        argv.push_back(std::move(current));
    return argv;
}

}  // namespace lifeline::rotate
