#include <charconv>
#include <vector>

#include <lifeline/classify/rate_limits.hpp>
#include <lifeline/classify/wait_hint.hpp>

namespace lifeline {
namespace {

// OpenRouter's x-ratelimit-reset is a Unix time in milliseconds; anything this large is one.
constexpr int64_t k_min_epoch_ms = 1'000'000'000'000;

std::optional<int64_t> parse_count(std::optional<std::string_view> value) {
    if (!value || value->empty()) {
        return std::nullopt;
    }
    int64_t out = 0;
    const char* end = value->data() + value->size();
    const auto [ptr, ec] = std::from_chars(value->data(), end, out);
    if (ec != std::errc{} || ptr != end || out < 0) {
        return std::nullopt;
    }
    return out;
}

struct Dimension {
    std::optional<int64_t> limit;
    std::optional<int64_t> remaining;
    std::optional<Duration> reset;
    bool any() const { return limit || remaining || reset; }
};

Dimension openai_dimension(const Headers& headers, const std::string& name) {
    Dimension d;
    d.limit = parse_count(find_header(headers, "x-ratelimit-limit-" + name));
    d.remaining = parse_count(find_header(headers, "x-ratelimit-remaining-" + name));
    if (const auto value = find_header(headers, "x-ratelimit-reset-" + name)) {
        d.reset = parse_reset_duration(*value);
    }
    return d;
}

Dimension anthropic_dimension(const Headers& headers, const std::string& name, SystemTime now) {
    const std::string prefix = "anthropic-ratelimit-" + name;
    Dimension d;
    d.limit = parse_count(find_header(headers, prefix + "-limit"));
    d.remaining = parse_count(find_header(headers, prefix + "-remaining"));
    if (const auto value = find_header(headers, prefix + "-reset")) {
        d.reset = parse_reset_time(*value, now);
    }
    return d;
}

Dimension openrouter_dimension(const Headers& headers, SystemTime now) {
    Dimension d;
    d.limit = parse_count(find_header(headers, "x-ratelimit-limit"));
    d.remaining = parse_count(find_header(headers, "x-ratelimit-remaining"));
    if (const auto reset = parse_count(find_header(headers, "x-ratelimit-reset"))) {
        if (*reset >= k_min_epoch_ms) {
            const Duration wait = std::chrono::duration_cast<Duration>(from_unix_ms(*reset) - now);
            d.reset = wait.count() < 0 ? Duration{0} : wait;
        } else {
            d.reset = Duration{*reset * 1000};
        }
    }
    return d;
}

// The rule of wait_hint.hpp: latest reset among exhausted dimensions, else earliest non-zero.
std::optional<Duration> overall_reset(const std::vector<Dimension>& dimensions) {
    std::optional<Duration> latest_exhausted;
    std::optional<Duration> earliest_nonzero;
    bool any_reset = false;
    for (const Dimension& d : dimensions) {
        if (!d.reset) {
            continue;
        }
        any_reset = true;
        if (d.remaining == 0 && (!latest_exhausted || *d.reset > *latest_exhausted)) {
            latest_exhausted = d.reset;
        }
        if (d.reset->count() > 0 && (!earliest_nonzero || *d.reset < *earliest_nonzero)) {
            earliest_nonzero = d.reset;
        }
    }
    if (latest_exhausted) {
        return latest_exhausted;
    }
    if (earliest_nonzero) {
        return earliest_nonzero;
    }
    return any_reset ? std::optional<Duration>{Duration{0}} : std::nullopt;
}

}  // namespace

bool RateLimitInfo::empty() const {
    return !limit_requests && !remaining_requests && !limit_tokens && !remaining_tokens &&
           !reset_requests && !reset_tokens && !reset;
}

RateLimitInfo extract_rate_limits(const Headers& headers, SystemTime now) {
    // One provider's family per answer: OpenAI/Azure, else Anthropic, else OpenRouter.
    Dimension requests = openai_dimension(headers, "requests");
    Dimension tokens = openai_dimension(headers, "tokens");
    std::vector<Dimension> all = {requests, tokens};
    if (!requests.any() && !tokens.any()) {
        requests = anthropic_dimension(headers, "requests", now);
        tokens = anthropic_dimension(headers, "tokens", now);
        const Dimension input = anthropic_dimension(headers, "input-tokens", now);
        const Dimension output = anthropic_dimension(headers, "output-tokens", now);
        all = {requests, tokens, input, output};
        // Newer Anthropic limits are per direction; the input side is the one prompts hit.
        if (!tokens.any()) {
            tokens = input;
        }
    }
    if (!requests.any() && !tokens.any()) {
        requests = openrouter_dimension(headers, now);
        all = {requests};
    }
    RateLimitInfo info;
    info.limit_requests = requests.limit;
    info.remaining_requests = requests.remaining;
    info.reset_requests = requests.reset;
    info.limit_tokens = tokens.limit;
    info.remaining_tokens = tokens.remaining;
    info.reset_tokens = tokens.reset;
    info.reset = overall_reset(all);
    return info;
}

}  // namespace lifeline
