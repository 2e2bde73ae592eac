// The `command` issuer: a user script mints the key (printed on stdout) and, optionally,
// another revokes a key by id ($LIFELINE_KEY_ID). Keys never travel in argv.
#include <lifeline/process/runner.hpp>

#include "command_failure.hpp"
#include "issuers_impl.hpp"

namespace lifeline::rotate {

namespace {

class CommandIssuer final : public Issuer {
  public:
    CommandIssuer(const IssuerSpec& spec, Context& context) : m_spec(spec), m_context(context) {}

    std::string describe() const override { return "command " + m_spec.new_key_command.front(); }

    Result<IssuedKey> create_key(const std::string& name) override {
        (void)name;
        return obtain_supplied_key(m_context, m_spec.new_key_env, m_spec.new_key_command);
    }

    Result<std::vector<std::string>> find_named(const std::string&) override {
        return std::vector<std::string>{};
    }

    Result<std::optional<std::string>> find_id(const secret::Secret&) override {
        return std::optional<std::string>{};
    }

    Status revoke_key(const std::string& id) override {
        if (m_spec.revoke_command.empty())
            return fail(ErrorCode::unsupported,
                        "no revoke_command configured: revoke key " + id + " by hand");
        process::ProcessSpec spec;
        spec.argv = m_spec.revoke_command;
        spec.env = m_context.env.all();
        spec.env["LIFELINE_KEY_ID"] = id;
        spec.timeout = Duration{60'000};
        spec.kill_grace = Duration{2'000};
        auto result = LIFELINE_TRY(m_context.processes.run(spec));
        if (result.timed_out || result.exit_code != 0)
            return fail(command_failure("revoke command " + spec.argv.front(), result));
        return {};
    }

  private:
    IssuerSpec m_spec;
    Context& m_context;
};

}  // namespace

std::unique_ptr<Issuer> make_command_issuer(const IssuerSpec& spec, Context& context) {
    return std::make_unique<CommandIssuer>(spec, context);
}

}  // namespace lifeline::rotate
