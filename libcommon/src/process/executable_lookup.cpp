#include <sys/stat.h>
#include <unistd.h>

#include <lifeline/process/executable_lookup.hpp>

namespace lifeline::process {
namespace {

enum class Candidate { missing, not_executable, executable };

Candidate check_candidate(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return Candidate::missing;
    // A directory named like the program is not a match (execvp skips it too).
    if (!S_ISREG(info.st_mode))
        return Candidate::not_executable;
    return ::access(path.c_str(), X_OK) == 0 ? Candidate::executable : Candidate::not_executable;
}

}  // namespace

Result<std::string> find_executable(std::string_view program,
                                    const std::map<std::string, std::string>& env,
                                    const std::optional<std::string>& working_directory) {
    if (program.empty())
        return fail(ErrorCode::invalid_input, "empty program name");
    if (program.find('/') != std::string_view::npos)
        return std::string(program);

    auto path_it = env.find("PATH");
    std::string_view search =
        path_it != env.end() ? std::string_view(path_it->second) : k_default_search_path;

    bool saw_not_executable = false;
    size_t start = 0;
    while (start <= search.size()) {
        size_t end = search.find(':', start);
        if (end == std::string_view::npos)
            end = search.size();
        std::string dir(search.substr(start, end - start));
        start = end + 1;
        if (dir.empty())
            dir = ".";
        // What the child will exec after its chdir, and where the parent must look for it
        // now (the parent has not changed directory).
        std::string exec_path = dir + "/" + std::string(program);
        std::string probe_path = exec_path;
        if (dir.front() != '/' && working_directory && !working_directory->empty())
            probe_path = *working_directory + "/" + exec_path;
        switch (check_candidate(probe_path)) {
            case Candidate::executable:
                return exec_path;
            case Candidate::not_executable:
                saw_not_executable = true;
                break;
            case Candidate::missing:
                break;
        }
    }
    std::string message = "command not found: " + std::string(program);
    if (saw_not_executable)
        message = "command not executable: " + std::string(program) + " (permission denied)";
    return fail(ErrorCode::not_found, message + " (searched PATH=" + std::string(search) + ")");
}

}  // namespace lifeline::process
