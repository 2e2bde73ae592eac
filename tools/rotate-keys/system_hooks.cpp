// The only rotate-keys file that talks to the OS directly: process ids, host name, signals.
#include <csignal>
#include <cstdint>

#include <unistd.h>

#include <lifeline/process/process_identity.hpp>
#include <lifeline/util/os_random.hpp>

#include "rotate_keys.hpp"
#include "rotation_lock.hpp"

namespace lifeline::rotate {

namespace {

std::string host_name() {
    char buffer[256] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0)
        return "unknown-host";
    return buffer;
}

std::string random_hex(int digits) {
    static const char* k_hex = "0123456789abcdef";
    std::string text;
    uint64_t bits = 0;
    for (int i = 0; i < digits; ++i) {
        if (i % 16 == 0)
            bits = lifeline::os_random_u64();
        text += k_hex[bits & 0xf];
        bits >>= 4;
    }
    return text;
}

}  // namespace

SystemHooks real_system_hooks() {
    SystemHooks hooks;
    hooks.owner_token = [] {
        return make_lock_owner(host_name(), process::current_process_identity(), random_hex(8));
    };
    hooks.random_suffix = [] { return random_hex(6); };
    hooks.owner_is_dead = [](const std::string& owner) {
        return lock_owner_is_dead(owner, host_name(), process::ProcProbe());
    };
    hooks.crash_at = [](const std::string&) { std::raise(SIGKILL); };
    return hooks;
}

}  // namespace lifeline::rotate
