#pragma once
// Seeds and ids from the kernel's CSPRNG (getrandom(2)). std::random_device would do, but each
// one probes the CPU for RDRAND first, and on a CI virtual machine every probe is a trap to the
// hypervisor: it showed up in run-with-failover's start-up profile.

#include <cstdint>
#include <string>

namespace lifeline {

// 64 random bits. Blocks only until the kernel's pool is initialised (early boot); never fails
// afterwards (an unexpected error aborts: silently weak randomness would be worse).
uint64_t os_random_u64();

// `words` x 64 random bits as lower-case hex (16 digits per word): tokens and ids.
std::string os_random_hex(int words);

}  // namespace lifeline
