// AWS Secrets Manager through the `aws` CLI, with the staging labels of its own rotation
// protocol: the new version is put with AWSPENDING, promoted by moving AWSCURRENT to it (AWS
// then labels the old version AWSPREVIOUS), and AWSPENDING is removed. The secret string
// reaches the CLI on stdin (--cli-input-json file:///dev/stdin), never in argv.
#include <lifeline/process/runner.hpp>

#include "api_client.hpp"
#include "command_failure.hpp"
#include "store.hpp"

namespace lifeline::rotate {

namespace {

class AwsStore final : public SecretStore {
  public:
    AwsStore(const StoreSpec& spec, Context& context) : m_spec(spec), m_context(context) {}

    std::string describe() const override { return "aws secretsmanager " + m_spec.secret_id; }
    bool readable() const override { return true; }
    Result<std::optional<secret::Secret>> read_current() override { return value("AWSCURRENT"); }
    Result<std::optional<secret::Secret>> read_pending() override { return value("AWSPENDING"); }

    Status write_pending(const secret::Secret& key, const std::string& rotation_id) override {
        Json input = {{"SecretId", m_spec.secret_id},
                      {"ClientRequestToken", version_id(rotation_id)},
                      {"SecretString", std::string(key.reveal())},
                      {"VersionStages", {"AWSPENDING"}}};
        std::string stdin_data = input.dump();
        auto result =
            aws({"put-secret-value", "--cli-input-json", "file:///dev/stdin"}, stdin_data);
        std::fill(stdin_data.begin(), stdin_data.end(), '\0');
        if (!result) {
            // Same token and same value again: AWS answers that the version already exists.
            if (result.error().message.find("ResourceExistsException") != std::string::npos)
                return {};
            return fail(result.error());
        }
        return {};
    }

    Status promote(const secret::Secret&, const std::string& rotation_id) override {
        const std::string target = version_id(rotation_id);
        Json stages = LIFELINE_TRY(version_stages());
        const std::string current = version_with(stages, "AWSCURRENT");
        if (current != target) {
            std::vector<std::string> args = {"update-secret-version-stage", "--version-stage",
                                             "AWSCURRENT", "--move-to-version-id", target};
            if (!current.empty()) {
                args.push_back("--remove-from-version-id");
                args.push_back(current);
            }
            LIFELINE_TRY(aws(args));
        }
        return clear_pending();
    }

    Status clear_pending() override {
        Json stages = LIFELINE_TRY(version_stages());
        const std::string pending = version_with(stages, "AWSPENDING");
        if (pending.empty())
            return {};
        LIFELINE_TRY(aws({"update-secret-version-stage", "--version-stage", "AWSPENDING",
                          "--remove-from-version-id", pending}));
        return {};
    }

    Status restore_current(const secret::Secret&) override {
        // Promotion here is one label move: a crash leaves it done or not done, never half.
        return {};
    }

  private:
    // Secrets Manager version ids are 32-64 characters; the rotation id makes them repeatable.
    static std::string version_id(const std::string& rotation_id) {
        std::string id = "lifeline-" + rotation_id;
        while (id.size() < 32)
            id += "0";
        return id.substr(0, 64);
    }
    static std::string version_with(const Json& stages, std::string_view label) {
        if (!stages.is_object())
            return {};
        for (auto it = stages.begin(); it != stages.end(); ++it) {
            if (!it->is_array())
                continue;
            for (const Json& stage : *it) {
                if (stage.is_string() && stage.get<std::string>() == label)
                    return it.key();
            }
        }
        return {};
    }

    Result<Json> version_stages() {
        std::string out = LIFELINE_TRY(aws({"describe-secret"}));
        const Json body = try_parse_json(out).value_or(Json());
        return body.value("VersionIdsToStages", Json::object());
    }

    Result<std::optional<secret::Secret>> value(const std::string& stage) {
        auto out = aws({"get-secret-value", "--version-stage", stage});
        if (!out) {
            if (out.error().message.find("ResourceNotFoundException") != std::string::npos)
                return std::optional<secret::Secret>{};
            return fail(out.error());
        }
        Json body = try_parse_json(*out).value_or(Json());
        std::fill(out->begin(), out->end(), '\0');
        std::string text = json_string(body, "SecretString");
        if (body.is_object() && body.contains("SecretString") && body["SecretString"].is_string()) {
            std::string& held = body["SecretString"].get_ref<std::string&>();
            std::fill(held.begin(), held.end(), '\0');
        }
        if (text.empty())
            return std::optional<secret::Secret>{};
        return std::optional<secret::Secret>(secret::Secret(std::move(text)));
    }

    // Runs `aws secretsmanager <args> --secret-id ID`; stdout on success. Errors carry the
    // last stderr line (AWS error names, never secret values).
    Result<std::string> aws(std::vector<std::string> args, const std::string& stdin_data = {}) {
        process::ProcessSpec spec;
        spec.argv = {"aws", "secretsmanager"};
        spec.argv.insert(spec.argv.end(), args.begin(), args.end());
        if (stdin_data.empty()) {
            spec.argv.push_back("--secret-id");
            spec.argv.push_back(m_spec.secret_id);
        } else {
            spec.stdin_data = stdin_data;
        }
        if (!m_spec.region.empty()) {
            spec.argv.push_back("--region");
            spec.argv.push_back(m_spec.region);
        }
        if (!m_spec.profile.empty()) {
            spec.argv.push_back("--profile");
            spec.argv.push_back(m_spec.profile);
        }
        spec.argv.push_back("--output");
        spec.argv.push_back("json");
        spec.env = m_context.env.all();
        spec.timeout = Duration{60'000};
        spec.kill_grace = Duration{2'000};
        auto run = m_context.processes.run(spec);
        if (spec.stdin_data)
            std::fill(spec.stdin_data->begin(), spec.stdin_data->end(), '\0');
        if (!run)
            return fail(run.error().code, "aws " + args.front() + ": " + run.error().message);
        if (run->timed_out || run->exit_code != 0)
            return fail(command_failure("aws " + args.front(), *run));
        return std::move(run->captured_stdout);
    }

    StoreSpec m_spec;
    Context& m_context;
};

}  // namespace

std::unique_ptr<SecretStore> make_aws_store(const StoreSpec& spec, Context& context) {
    return std::make_unique<AwsStore>(spec, context);
}

}  // namespace lifeline::rotate
