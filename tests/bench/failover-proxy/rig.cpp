#include "rig.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace proxy_bench {

std::string Pinning::describe() const {
    if (!enabled)
        return "none (" + why_not + ")";
    return "failover-proxy and Portkey on core " + std::to_string(gateway_core) +
           ", provider-sim and the load generator on core " + std::to_string(load_core) +
           " (taskset -c)";
}

std::string find_in_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = dir + "/" + name;
        if (!dir.empty() && access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return {};
}

Pinning choose_pinning() {
    Pinning pinning;
    pinning.taskset = find_in_path("taskset");
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    sched_getaffinity(0, sizeof allowed, &allowed);
    if (pinning.taskset.empty()) {
        pinning.why_not = "taskset not found";
    } else if (CPU_COUNT(&allowed) < 2 || !CPU_ISSET(0, &allowed) || !CPU_ISSET(1, &allowed)) {
        pinning.why_not = "cores 0 and 1 are not both available to this process";
    } else {
        pinning.enabled = true;
        cpu_set_t mine;
        CPU_ZERO(&mine);
        CPU_SET(pinning.load_core, &mine);
        sched_setaffinity(0, sizeof mine, &mine);
    }
    return pinning;
}

Child::Child(std::vector<std::string> argv, const std::string& log_path, std::optional<int> core,
             const Pinning& pinning, const std::map<std::string, std::string>& env) {
    if (core && pinning.enabled)
        argv.insert(argv.begin(), {pinning.taskset, "-c", std::to_string(*core)});
    // Built before fork: after it only async-signal-safe calls.
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : env)
        env_strings.push_back(name + "=" + value);
    std::vector<char*> args;
    for (auto& arg : argv)
        args.push_back(arg.data());
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : env_strings)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    const pid_t parent = getpid();
    m_pid = fork();
    if (m_pid != 0)
        return;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(126);
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int in = open("/dev/null", O_RDONLY);
    if (log < 0 || in < 0)
        _exit(126);
    dup2(in, 0);
    dup2(log, 1);
    dup2(log, 2);
    execve(args[0], args.data(), envp.data());
    _exit(127);
}

Child::~Child() {
    stop(std::chrono::milliseconds(2000));
}

bool Child::running() {
    if (m_pid <= 0)
        return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return false;
    }
    return true;
}

int Child::stop(std::chrono::milliseconds grace) {
    if (m_pid <= 0)
        return -1;
    kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return 128 + SIGKILL;
}

double cpu_seconds(pid_t pid) {
    const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
    const size_t paren = stat.rfind(')');
    if (paren == std::string::npos)
        return -1;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    long long utime = 0;
    long long stime = 0;
    // After "(comm) ": state is field 3; utime and stime are fields 14 and 15.
    for (int index = 3; index <= 15 && fields >> field; ++index) {
        if (index == 14)
            utime = std::stoll(field);
        if (index == 15)
            stime = std::stoll(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

MachineCpu machine_cpu() {
    std::istringstream stat(read_text("/proc/stat"));
    std::string label;
    long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    stat >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    return {static_cast<double>(user + nice + system) / tick, static_cast<double>(steal) / tick};
}

long rss_kib(pid_t pid) {
    std::istringstream status(read_text("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

long voluntary_switches(pid_t pid) {
    const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
    std::error_code error;
    long total = 0;
    for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
        std::istringstream status(read_text(task.path().string() + "/status"));
        for (std::string line; std::getline(status, line);) {
            if (line.rfind("voluntary_ctxt_switches:", 0) == 0)
                total += std::stol(line.substr(24));
        }
    }
    return error ? -1 : total;
}

int open_fds(pid_t pid) {
    std::error_code error;
    int count = 0;
    for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", error), end;
         !error && it != end; it.increment(error))
        ++count;
    return error ? -1 : count;
}

std::string wait_for_file(const std::string& path, std::chrono::milliseconds timeout,
                          bool (*ready)(const std::string&)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string content = read_text(path);
        if (ready(content))
            return content;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return {};
}

uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    uint16_t port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
        port = ntohs(address.sin_port);
    close(fd);
    return port;
}

bool wait_for_http(uint16_t port, std::chrono::milliseconds timeout, Child& child) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && child.running()) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        timeval limit{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        bool answered = false;
        if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            char reply[16] = {};
            answered = send(fd, request.data(), request.size(), MSG_NOSIGNAL) > 0 &&
                       recv(fd, reply, sizeof reply - 1, 0) > 5 &&
                       std::string(reply).rfind("HTTP/", 0) == 0;
        }
        close(fd);
        if (answered)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_text(const std::string& path, const std::string& content) {
    std::ofstream(path) << content;
}

}  // namespace proxy_bench
