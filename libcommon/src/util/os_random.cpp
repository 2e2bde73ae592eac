#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include <sys/random.h>

#include <lifeline/util/os_random.hpp>

namespace lifeline {

uint64_t os_random_u64() {
    uint64_t value = 0;
    auto* bytes = reinterpret_cast<unsigned char*>(&value);
    size_t filled = 0;
    while (filled < sizeof value) {
        const ssize_t got = getrandom(bytes + filled, sizeof value - filled, 0);
        if (got > 0) {
            filled += static_cast<size_t>(got);
        } else if (got < 0 && errno != EINTR) {
            std::fputs("lifeline: getrandom failed; no source of random numbers\n", stderr);
            std::abort();
        }
    }
    return value;
}

std::string os_random_hex(int words) {
    std::string text;
    for (int word = 0; word < words; ++word) {
        const uint64_t bits = os_random_u64();
        for (int shift = 60; shift >= 0; shift -= 4)
            text.push_back("0123456789abcdef"[(bits >> shift) & 0xf]);
    }
    return text;
}

}  // namespace lifeline
