#include <lifeline/policy/random_source.hpp>

namespace lifeline::policy {

int64_t uniform_int(RandomSource& random, int64_t bound) {
    if (bound <= 0)
        return 0;
    // Multiply-shift (Lemire) maps 64 random bits onto [0, bound] without the low-bit bias
    // of a plain modulo; the remaining bias is below 2^-64 * bound, far below a millisecond.
    const auto range = static_cast<unsigned __int128>(static_cast<uint64_t>(bound) + 1);
    const auto product = static_cast<unsigned __int128>(random.next_u64()) * range;
    return static_cast<int64_t>(static_cast<uint64_t>(product >> 64));
}

uint64_t SeededRandom::next_u64() {
    uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace lifeline::policy
