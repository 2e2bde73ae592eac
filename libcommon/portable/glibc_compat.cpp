// Linked into every tool that carries its own libstdc++ (LIFELINE_PORTABLE, see
// cmake/LifelinePortable.cmake). Debian 12's libstdc++.a calls arc4random(), which glibc added
// in 2.36; a binary that imports it does not start on Ubuntu 22.04 (glibc 2.35). Defining the
// three functions here resolves libstdc++'s references inside the binary, so none of them is
// imported from glibc. Contract: the same as glibc's — cryptographically secure bytes from the
// kernel (getrandom(2)), never failing; on an unrecoverable error the process aborts, as
// glibc's arc4random does.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <sys/random.h>

extern "C" {

void arc4random_buf(void* buffer, std::size_t size) {
    auto* bytes = static_cast<unsigned char*>(buffer);
    while (size > 0) {
        const ssize_t got = getrandom(bytes, size, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            std::abort();
        }
        bytes += got;
        size -= static_cast<std::size_t>(got);
    }
}

std::uint32_t arc4random(void) {
    std::uint32_t value = 0;
    arc4random_buf(&value, sizeof value);
    return value;
}

// Uniform in [0, upper_bound) without modulo bias (rejection sampling).
std::uint32_t arc4random_uniform(std::uint32_t upper_bound) {
    if (upper_bound < 2)
        return 0;
    const std::uint32_t threshold = -upper_bound % upper_bound;
    for (;;) {
        const std::uint32_t value = arc4random();
        if (value >= threshold)
            return value % upper_bound;
    }
}

}  // extern "C"
