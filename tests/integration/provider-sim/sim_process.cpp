#include "sim_process.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace provider_sim_it {

TempDir::TempDir() {
    std::string pattern =
        std::filesystem::temp_directory_path().string() + "/provider-sim-it.XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    m_path = mkdtemp(buffer.data());
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string full = m_path + "/" + name;
    std::ofstream(full) << content;
    return full;
}

SimProcess::SimProcess(std::vector<std::string> args, bool wait_ready) {
    const std::string ready = m_dir.path() + "/ready";
    const std::string log = m_dir.path() + "/stderr";
    args.insert(args.begin(), PROVIDER_SIM_BINARY);
    args.push_back("--ready-file");
    args.push_back(ready);
    m_pid = fork();
    if (m_pid == 0) {
        int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 2);
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    if (!wait_ready) {
        return;
    }
    for (int i = 0; i < 1000 && m_ready_lines.empty(); ++i) {
        std::ifstream in(ready);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) {
                m_ready_lines.push_back(line);
            }
        }
        if (m_ready_lines.empty()) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;  // it exited instead of becoming ready
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
}

SimProcess::~SimProcess() {
    if (m_pid > 0) {
        stop(SIGKILL);
    }
}

std::string SimProcess::host(size_t index) const {
    std::string line = m_ready_lines.at(index);
    line = line.substr(line.find(' ') == std::string::npos ? 0 : line.find(' ') + 1);
    return line.substr(0, line.rfind(':'));
}

int SimProcess::port(size_t index) const {
    const std::string& line = m_ready_lines.at(index);
    return std::atoi(line.substr(line.rfind(':') + 1).c_str());
}

httplib::Client SimProcess::client(size_t index) const {
    httplib::Client client(host(index), port(index));
    client.set_read_timeout(10, 0);
    client.set_connection_timeout(2, 0);
    return client;
}

int SimProcess::stop(int signal_number) {
    if (m_pid <= 0) {
        return -1;
    }
    kill(m_pid, signal_number);
    return wait_exit();
}

int SimProcess::wait_exit() {
    if (m_pid <= 0) {
        return -1;
    }
    for (int i = 0; i < 1000; ++i) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

std::string SimProcess::stderr_text() const {
    std::ifstream in(m_dir.path() + "/stderr");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace provider_sim_it
