#include "signal_forwarding.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include <unistd.h>

namespace lifeline::process::detail {
namespace {

constexpr std::array<int, 3> k_forwarded_signals{SIGINT, SIGTERM, SIGHUP};
// Concurrent runs in one process; a CI wrapper runs one agent plus a few auth commands.
constexpr int k_slot_count = 128;

static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");
static_assert(std::atomic<pid_t>::is_always_lock_free, "signal handlers need lock-free atomics");

struct Slot {
    std::atomic<int> claimed{0};
    std::atomic<pid_t> pgid{0};
    std::atomic<int> wake_fd{-1};
    std::atomic<int> busy{0};  // handlers currently reading this slot
};

std::array<Slot, k_slot_count> g_slots;

// Handler (un)installation state; touched only outside signal context.
std::mutex g_install_mutex;
int g_active_runs = 0;
std::array<struct sigaction, k_forwarded_signals.size()> g_previous{};
std::array<bool, k_forwarded_signals.size()> g_installed{};

extern "C" void forward_signal(int signal_number) {
    int saved_errno = errno;
    for (Slot& slot : g_slots) {
        slot.busy.fetch_add(1);
        int fd = slot.wake_fd.load();
        if (fd >= 0) {
            pid_t pgid = slot.pgid.load();
            auto byte = static_cast<unsigned char>(signal_number & 0x7f);
            if (pgid > 0)
                byte |= k_already_forwarded;
            // Announce before killing, so the run cannot see its child die of this signal
            // and finish before the announcement is in the pipe. A full pipe already holds
            // an unread announcement: dropping this one is fine.
            [[maybe_unused]] ssize_t ignored = ::write(fd, &byte, 1);
            if (pgid > 0)
                ::kill(-pgid, signal_number);
        }
        slot.busy.fetch_sub(1);
    }
    errno = saved_errno;
}

Status install_handlers() {
    for (size_t i = 0; i < k_forwarded_signals.size(); ++i) {
        struct sigaction current {};
        if (::sigaction(k_forwarded_signals[i], nullptr, &current) != 0)
            return fail(ErrorCode::io, std::string("sigaction: ") + std::strerror(errno));
        // Respect an inherited "ignore" (nohup, CI runners that ignore SIGHUP).
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) {
            g_installed[i] = false;
            continue;
        }
        struct sigaction action {};
        action.sa_handler = forward_signal;
        sigfillset(&action.sa_mask);
        // SA_RESTART: other threads' blocking calls should not see EINTR because of us.
        action.sa_flags = SA_RESTART;
        if (::sigaction(k_forwarded_signals[i], &action, &g_previous[i]) != 0)
            return fail(ErrorCode::io, std::string("sigaction: ") + std::strerror(errno));
        g_installed[i] = true;
    }
    return {};
}

void restore_handlers() {
    for (size_t i = 0; i < k_forwarded_signals.size(); ++i) {
        if (g_installed[i])
            ::sigaction(k_forwarded_signals[i], &g_previous[i], nullptr);
        g_installed[i] = false;
    }
}

void release_run() {
    std::lock_guard lock(g_install_mutex);
    if (--g_active_runs == 0)
        restore_handlers();
}

}  // namespace

Result<SignalForwarding> SignalForwarding::start(int wake_fd) {
    {
        std::lock_guard lock(g_install_mutex);
        if (g_active_runs == 0) {
            Status installed = install_handlers();
            if (!installed) {
                restore_handlers();
                return fail(installed.error());
            }
        }
        ++g_active_runs;
    }
    for (int i = 0; i < k_slot_count; ++i) {
        int expected = 0;
        if (g_slots[i].claimed.compare_exchange_strong(expected, 1)) {
            g_slots[i].pgid.store(0);
            g_slots[i].wake_fd.store(wake_fd);
            return SignalForwarding(i);
        }
    }
    release_run();
    return fail(ErrorCode::unavailable,
                "too many concurrent child processes (limit " + std::to_string(k_slot_count) + ")");
}

SignalForwarding::SignalForwarding(SignalForwarding&& other) noexcept
    : m_slot(std::exchange(other.m_slot, -1)) {}

void SignalForwarding::set_group(pid_t pgid) {
    if (m_slot >= 0)
        g_slots[m_slot].pgid.store(pgid);
}

void SignalForwarding::clear_group() {
    if (m_slot >= 0)
        g_slots[m_slot].pgid.store(0);
}

SignalForwarding::~SignalForwarding() {
    if (m_slot < 0)
        return;
    Slot& slot = g_slots[m_slot];
    slot.pgid.store(0);
    slot.wake_fd.store(-1);
    // A handler that started before the stores may still hold the old descriptor; the caller
    // closes the wake pipe right after we return, so wait until that handler is done.
    while (slot.busy.load() != 0)
        std::this_thread::yield();
    slot.claimed.store(0);
    release_run();
}

}  // namespace lifeline::process::detail
