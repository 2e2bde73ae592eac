#include "issuer.hpp"

#include <lifeline/process/runner.hpp>
#include <lifeline/util/strings.hpp>

#include "api_client.hpp"
#include "issuers_impl.hpp"

namespace lifeline::rotate {

bool hint_matches(std::string_view hint, std::string_view key) {
    size_t cut = hint.find("...");
    size_t cut_len = 3;
    if (cut == std::string_view::npos) {
        cut = hint.find("\xE2\x80\xA6");  // "…"
        cut_len = 3;
    }
    if (cut == std::string_view::npos)
        return false;
    const std::string_view prefix = hint.substr(0, cut);
    const std::string_view suffix = hint.substr(cut + cut_len);
    if (prefix.size() + suffix.size() < 6 || prefix.size() + suffix.size() >= key.size())
        return false;
    return key.substr(0, prefix.size()) == prefix &&
           key.substr(key.size() - suffix.size()) == suffix;
}

Result<IssuedKey> obtain_supplied_key(Context& context, const std::string& env_name,
                                      const std::vector<std::string>& command) {
    if (!env_name.empty()) {
        auto value = context.env.get_non_empty(env_name);
        if (!value)
            return fail(ErrorCode::not_found, "the new key's variable " + env_name + " is not set");
        IssuedKey issued{"", secret::Secret(std::string(trim(*value)))};
        std::fill(value->begin(), value->end(), '\0');
        return issued;
    }
    process::ProcessSpec spec;
    spec.argv = command;
    spec.env = context.env.all();
    spec.timeout = Duration{60'000};
    spec.kill_grace = Duration{2'000};
    auto result = context.processes.run(spec);
    if (!result)
        return fail(result.error().code,
                    "new key command " + command.front() + ": " + result.error().message);
    process::ProcessResult& run = *result;
    std::string out = std::move(run.captured_stdout);
    auto wipe = [&] { std::fill(out.begin(), out.end(), '\0'); };
    if (run.timed_out || run.exit_code != 0) {
        wipe();
        std::string why = run.timed_out ? "timed out" : "exited " + std::to_string(run.exit_code);
        return fail(ErrorCode::unavailable, "new key command " + command.front() + " " + why +
                                                " (its output is not shown: it may hold a key)");
    }
    std::vector<std::string> lines;
    for (std::string& line : split(out, '\n')) {
        if (!trim(line).empty())
            lines.emplace_back(trim(line));
        std::fill(line.begin(), line.end(), '\0');
    }
    wipe();
    if (lines.empty() || lines.size() > 2) {
        for (std::string& line : lines)
            std::fill(line.begin(), line.end(), '\0');
        return fail(ErrorCode::invalid_input,
                    "new key command " + command.front() +
                        " must print the key on its first line (and optionally its id), got " +
                        std::to_string(lines.size()) + " lines");
    }
    IssuedKey issued{lines.size() == 2 ? lines[1] : "", secret::Secret(std::move(lines[0]))};
    return issued;
}

Result<std::unique_ptr<Issuer>> make_issuer(const IssuerSpec& spec, Context& context,
                                            bool allow_insecure_loopback) {
    if (spec.kind != IssuerKind::command)
        LIFELINE_TRY_VOID(check_url(spec.base_url, allow_insecure_loopback, "issuer"));
    switch (spec.kind) {
        case IssuerKind::openrouter:
            return make_openrouter_issuer(spec, context, allow_insecure_loopback);
        case IssuerKind::openai:
            return make_openai_issuer(spec, context, allow_insecure_loopback);
        case IssuerKind::anthropic:
            return make_anthropic_issuer(spec, context, allow_insecure_loopback);
        case IssuerKind::command:
            return make_command_issuer(spec, context);
    }
    return fail(ErrorCode::internal, "unknown issuer kind");
}

}  // namespace lifeline::rotate
