#include "child_process.hpp"

#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lifeline::testing {

pid_t spawn_child(const ChildSpec& spec) {
    // Everything the child needs is built before fork: after it only async-signal-safe calls.
    std::vector<std::string> env_strings;
    if (spec.env) {
        for (const auto& [name, value] : *spec.env)
            env_strings.push_back(name + "=" + value);
    }
    std::vector<char*> argv;
    for (const std::string& arg : spec.argv)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const std::string& entry : env_strings)
        envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);

    const pid_t pid = fork();
    if (pid != 0)
        return pid;
    if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0)
        _exit(126);
    const int out = spec.stdout_fd >= 0
                        ? spec.stdout_fd
                        : open(spec.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(spec.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0)
        _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (spec.env)
        execve(argv[0], argv.data(), envp.data());
    else
        execv(argv[0], argv.data());
    _exit(127);
}

int wait_child(pid_t pid, std::chrono::milliseconds limit) {
    if (pid <= 0)
        return -1;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

}  // namespace lifeline::testing
