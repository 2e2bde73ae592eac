// Local stores: a key file (path, path.pending, path.previous) and an env file (NAME,
// NAME_PENDING, NAME_PREVIOUS lines). Writes are atomic renames with mode 0600.
#include <lifeline/util/strings.hpp>

#include "store.hpp"

namespace lifeline::rotate {

namespace {

constexpr unsigned k_secret_mode = 0600;

void wipe(std::string& text) {
    std::fill(text.begin(), text.end(), '\0');
}

class FileStore final : public SecretStore {
  public:
    FileStore(const StoreSpec& spec, Context& context) : m_path(spec.path), m_context(context) {}

    std::string describe() const override { return "file " + m_path; }
    bool readable() const override { return true; }
    Result<std::optional<secret::Secret>> read_current() override { return read(m_path); }
    Result<std::optional<secret::Secret>> read_pending() override {
        return read(m_path + ".pending");
    }
    Status write_pending(const secret::Secret& key, const std::string&) override {
        return write(m_path + ".pending", key);
    }
    Status promote(const secret::Secret& key, const std::string&) override {
        auto current = LIFELINE_TRY(read_current());
        if (!current || !(*current == key)) {
            if (current)
                LIFELINE_TRY_VOID(write(m_path + ".previous", *current));
            LIFELINE_TRY_VOID(write(m_path, key));
        }
        return clear_pending();
    }
    Status clear_pending() override {
        if (!m_context.fs.exists(m_path + ".pending"))
            return {};
        return m_context.fs.remove_file(m_path + ".pending");
    }
    Status restore_current(const secret::Secret& key) override { return write(m_path, key); }

  private:
    Result<std::optional<secret::Secret>> read(const std::string& path) {
        auto text = m_context.fs.read_file(path);
        if (!text) {
            if (text.error().code == ErrorCode::not_found)
                return std::optional<secret::Secret>{};
            return fail(text.error());
        }
        std::optional<secret::Secret> key;
        if (!trim(*text).empty())
            key = secret::Secret(trim(*text));
        wipe(*text);
        return key;
    }
    Status write(const std::string& path, const secret::Secret& key) {
        std::string content = std::string(key.reveal()) + "\n";
        Status status = m_context.fs.write_file_atomic(path, content, k_secret_mode);
        wipe(content);
        return status;
    }

    std::string m_path;
    Context& m_context;
};

class EnvFileStore final : public SecretStore {
  public:
    EnvFileStore(const StoreSpec& spec, Context& context)
        : m_path(spec.path), m_name(spec.name), m_context(context) {}

    std::string describe() const override { return "env-file " + m_path + " " + m_name; }
    bool readable() const override { return true; }
    Result<std::optional<secret::Secret>> read_current() override { return get(m_name); }
    Result<std::optional<secret::Secret>> read_pending() override {
        return get(m_name + "_PENDING");
    }
    Status write_pending(const secret::Secret& key, const std::string&) override {
        return update({{m_name + "_PENDING", &key}});
    }
    Status promote(const secret::Secret& key, const std::string&) override {
        auto current = LIFELINE_TRY(read_current());
        if (current && *current == key)
            return update({{m_name + "_PENDING", nullptr}});
        if (current)
            return update({{m_name + "_PREVIOUS", &*current},
                           {m_name, &key},
                           {m_name + "_PENDING", nullptr}});
        return update({{m_name, &key}, {m_name + "_PENDING", nullptr}});
    }
    Status clear_pending() override { return update({{m_name + "_PENDING", nullptr}}); }
    Status restore_current(const secret::Secret& key) override { return update({{m_name, &key}}); }

  private:
    // The file's lines; none when it does not exist.
    Result<std::vector<std::string>> lines() {
        auto text = m_context.fs.read_file(m_path);
        if (!text) {
            if (text.error().code == ErrorCode::not_found)
                return std::vector<std::string>{};
            return fail(text.error());
        }
        auto result = split(*text, '\n');
        wipe(*text);
        if (!result.empty() && result.back().empty())
            result.pop_back();
        return result;
    }
    static std::string name_of(std::string_view line) {
        std::string_view body = trim(line);
        if (body.substr(0, 7) == "export ")
            body = trim(body.substr(7));
        const size_t eq = body.find('=');
        return eq == std::string_view::npos ? "" : std::string(trim(body.substr(0, eq)));
    }
    Result<std::optional<secret::Secret>> get(const std::string& name) {
        std::vector<std::string> all = LIFELINE_TRY(lines());
        std::optional<secret::Secret> found;
        for (std::string& line : all) {
            if (name_of(line) == name) {
                std::string_view value = trim(std::string_view(line).substr(line.find('=') + 1));
                if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
                    value.back() == value.front())
                    value = value.substr(1, value.size() - 2);
                if (!value.empty())
                    found = secret::Secret(value);
            }
            wipe(line);
        }
        return found;
    }
    // Sets (or with nullptr removes) each variable, keeping every other line as it was.
    Status update(const std::vector<std::pair<std::string, const secret::Secret*>>& changes) {
        std::vector<std::string> all = LIFELINE_TRY(lines());
        std::string content;
        std::vector<bool> done(changes.size(), false);
        for (std::string& line : all) {
            const std::string name = name_of(line);
            bool replaced = false;
            for (size_t i = 0; i < changes.size(); ++i) {
                if (changes[i].first != name)
                    continue;
                replaced = true;
                if (changes[i].second != nullptr && !done[i])
                    content += name + "=" + std::string(changes[i].second->reveal()) + "\n";
                done[i] = true;
            }
            if (!replaced)
                content += line + "\n";
            wipe(line);
        }
        for (size_t i = 0; i < changes.size(); ++i) {
            if (!done[i] && changes[i].second != nullptr)
                content += changes[i].first + "=" + std::string(changes[i].second->reveal()) + "\n";
        }
        Status status = m_context.fs.write_file_atomic(m_path, content, k_secret_mode);
        wipe(content);
        return status;
    }

    std::string m_path;
    std::string m_name;
    Context& m_context;
};

}  // namespace

std::unique_ptr<SecretStore> make_file_store(const StoreSpec& spec, Context& context) {
    return std::make_unique<FileStore>(spec, context);
}

std::unique_ptr<SecretStore> make_env_file_store(const StoreSpec& spec, Context& context) {
    return std::make_unique<EnvFileStore>(spec, context);
}

}  // namespace lifeline::rotate
