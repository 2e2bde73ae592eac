// The cheapest possible wrapper: spawn argv[1..], wait, exit with the child's status. The
// benchmark runs it next to run-with-failover, so the cost any wrapper process has on this
// machine (one more exec, one more spawn) is measured in the same run and can be told apart
// from what run-with-failover adds on top of it.

#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

int main(int argc, char** argv) {
    if (argc < 2)
        return 2;
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[1], nullptr, nullptr, argv + 1, environ) != 0)
        return 127;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return 1;
    return WEXITSTATUS(status);
}
