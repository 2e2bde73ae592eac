#pragma once
// The processes a bench run starts and what it reads about them from /proc. Every child is
// started with PR_SET_PDEATHSIG=SIGKILL (it dies with the bench, even when the bench is
// killed) and stopped by the owner's destructor: SIGTERM, then SIGKILL after a bounded wait.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace proxy_bench {

// Which cores the gateway under test and the load side (generator, provider-sim) run on.
struct Pinning {
    bool enabled = false;
    int gateway_core = 0;
    int load_core = 1;
    std::string taskset;  // path of taskset(1)
    std::string why_not;  // when !enabled: why
    std::string describe() const;
};

// taskset on PATH, at least two cores in this process's affinity mask, cores 0 and 1 among
// them. When enabled, also pins this process (the generator) to the load core.
Pinning choose_pinning();

// The full path of `name` on $PATH; "" when absent.
std::string find_in_path(const std::string& name);

class Child {
  public:
    // Starts argv (argv[0] a full path), pinned to `core` through taskset when given, stdout
    // and stderr appended to `log_path`, with exactly `env`.
    Child(std::vector<std::string> argv, const std::string& log_path, std::optional<int> core,
          const Pinning& pinning, const std::map<std::string, std::string>& env);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return m_pid; }
    bool running();
    // SIGTERM, then SIGKILL after `grace`. Returns the exit status (128+signal), -1 if it was
    // not running.
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

  private:
    pid_t m_pid = -1;
};

// From /proc/<pid>: user+system CPU seconds of all its threads, VmRSS in KiB, open fds.
// -1 when the process is gone.
double cpu_seconds(pid_t pid);
// CPU seconds the whole machine spent in user and system mode (all cores), and those the
// hypervisor stole, from /proc/stat: with the bench's own processes subtracted, what other
// work on the machine took during a phase.
struct MachineCpu {
    double busy_seconds = 0;
    double steal_seconds = 0;
};
MachineCpu machine_cpu();
long rss_kib(pid_t pid);
int open_fds(pid_t pid);
// How many times the threads of `pid` went to sleep waiting for something (voluntary context
// switches, summed over /proc/<pid>/task/*/status); -1 when the process is gone. Each sleep
// is paid back as a wake-up through the kernel (and, on a VM, the hypervisor).
long voluntary_switches(pid_t pid);

// Polls `path` until `ready(content)` holds or `timeout` passes; the content then, else "".
std::string wait_for_file(const std::string& path, std::chrono::milliseconds timeout,
                          bool (*ready)(const std::string&));
// A port on 127.0.0.1 that was free a moment ago.
uint16_t free_port();
// GET / on 127.0.0.1:port answers with any HTTP status within `timeout`.
bool wait_for_http(uint16_t port, std::chrono::milliseconds timeout, Child& child);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& content);

}  // namespace proxy_bench
