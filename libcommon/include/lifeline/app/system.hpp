#pragma once
// The real Clock, Environment and FileSystem. Only app/ and tool mains construct these;
// logic receives them through Context.

#include <lifeline/core/clock.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/core/file_system.hpp>

namespace lifeline::app {

class SystemClock final : public Clock {
  public:
    SystemTime now() const override;
    SteadyTime steady_now() const override;
    void sleep_for(Duration duration) override;
};

// The process environment (environ), read on every call.
class ProcessEnvironment final : public Environment {
  public:
    std::optional<std::string> get(std::string_view name) const override;
    std::map<std::string, std::string> all() const override;
};

class LocalFileSystem final : public FileSystem {
  public:
    Result<std::string> read_file(const std::string& path) const override;
    bool exists(const std::string& path) const override;
    Status write_file_atomic(const std::string& path, std::string_view content,
                             unsigned mode = 0644) override;
    Status append_file(const std::string& path, std::string_view content) override;
    Status create_directories(const std::string& path) override;
    Status remove_file(const std::string& path) override;
    Status remove_tree(const std::string& path) override;
    Result<std::vector<std::string>> list_files(const std::string& directory,
                                                std::string_view suffix) const override;
};

}  // namespace lifeline::app
