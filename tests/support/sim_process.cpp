#include "sim_process.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include "child_process.hpp"

namespace lifeline::testing {
namespace {

constexpr std::chrono::seconds k_wait_limit{10};

// The ready file is written atomically: once it exists it is complete.
std::vector<std::string> ready_lines_in(const std::string& path) {
    std::vector<std::string> lines;
    const std::string text = read_text_file(path);
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace

SimProcess::SimProcess(std::vector<std::string> args, bool wait_ready) {
    const std::string ready = m_dir.path() + "/ready";
    ChildSpec spec;
    spec.argv = {PROVIDER_SIM_BINARY};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.argv.push_back("--ready-file");
    spec.argv.push_back(ready);
    spec.stdout_path = m_dir.path() + "/stdout";
    spec.stderr_path = m_dir.path() + "/stderr";
    m_pid = spawn_child(spec);
    if (!wait_ready)
        return;
    for (int i = 0; i < 1000 && m_ready_lines.empty(); ++i) {
        m_ready_lines = ready_lines_in(ready);
        if (!m_ready_lines.empty())
            break;
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;  // it exited instead of becoming ready
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

SimProcess::~SimProcess() {
    if (m_pid > 0)
        stop(SIGKILL);
}

std::string SimProcess::name(size_t index) const {
    const std::string& line = m_ready_lines.at(index);
    const size_t space = line.find(' ');
    return space == std::string::npos ? "" : line.substr(0, space);
}

std::string SimProcess::host(size_t index) const {
    const std::string& line = m_ready_lines.at(index);
    const size_t space = line.find(' ');
    const size_t start = space == std::string::npos ? 0 : space + 1;
    return line.substr(start, line.rfind(':') - start);
}

int SimProcess::port(size_t index) const {
    const std::string& line = m_ready_lines.at(index);
    return std::atoi(line.c_str() + line.rfind(':') + 1);
}

std::string SimProcess::url(size_t index) const {
    return "http://127.0.0.1:" + std::to_string(port(index));
}

std::string SimProcess::url_of(const std::string& wanted) const {
    for (size_t i = 0; i < m_ready_lines.size(); ++i) {
        if (name(i) == wanted)
            return url(i);
    }
    return {};
}

int SimProcess::stop(int signal_number) {
    if (m_pid <= 0)
        return -1;
    kill(m_pid, signal_number);
    return wait_exit();
}

int SimProcess::wait_exit() {
    const int status = wait_child(m_pid, k_wait_limit);
    m_pid = -1;
    return status;
}

std::string SimProcess::stderr_text() const {
    return m_dir.read("stderr");
}

namespace {

std::vector<std::string> yaml_sim_args(const std::string& file, std::vector<std::string> extra,
                                       YamlSim::Mode mode) {
    std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--quiet",
                                     mode == YamlSim::Mode::fleet ? "--fleet" : "--scenario", file};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

YamlSim::YamlSim(const std::string& yaml, std::vector<std::string> extra_args, Mode mode)
    : m_process(yaml_sim_args(m_dir.write("sim.yaml", yaml), std::move(extra_args), mode)) {
    if (!m_process.ready())
        ADD_FAILURE() << "provider-sim never became ready: " << m_process.stderr_text();
}

}  // namespace lifeline::testing
