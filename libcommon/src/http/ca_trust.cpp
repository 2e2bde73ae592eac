#include "ca_trust.hpp"

#include <cstdlib>

extern char** environ;

namespace lifeline::http::detail {

namespace {

// The process environment, for process_ca_trust only: app::ProcessEnvironment is the same
// thing, but app sits above http.
class GetenvEnvironment final : public Environment {
  public:
    std::optional<std::string> get(std::string_view name) const override {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr)
            return std::nullopt;
        return std::string(value);
    }
    std::map<std::string, std::string> all() const override {
        std::map<std::string, std::string> variables;
        for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
            const std::string_view text(*entry);
            const size_t equals = text.find('=');
            if (equals != std::string_view::npos)
                variables.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
        return variables;
    }
};

}  // namespace

CaTrust ca_trust_from(const Environment& environment) {
    CaTrust trust;
    if (auto bundle = environment.get_non_empty("CURL_CA_BUNDLE"))
        trust.bundle = *bundle;
    else if (auto file = environment.get_non_empty("SSL_CERT_FILE"))
        trust.bundle = *file;
    trust.directory = environment.get_non_empty("SSL_CERT_DIR").value_or("");
    return trust;
}

const CaTrust& process_ca_trust() {
    // Read once: the variables do not change under a running tool, and a getenv per request
    // could race a setenv elsewhere in the process.
    static const CaTrust trust = ca_trust_from(GetenvEnvironment{});
    return trust;
}

void apply_ca_trust(const CurlLibrary& curl, CURL* easy, const CaTrust& trust) {
    // curl copies option strings. A TLS backend without CA directories answers CAPATH with
    // CURLE_NOT_BUILT_IN; the bundle still applies then, so the codes are not checked.
    if (!trust.bundle.empty())
        curl.easy_setopt(easy, CURLOPT_CAINFO, trust.bundle.c_str());
    if (!trust.directory.empty())
        curl.easy_setopt(easy, CURLOPT_CAPATH, trust.directory.c_str());
}

}  // namespace lifeline::http::detail
