// Making the in-process backend.
#include "memory_store.hpp"

#include <lifeline/storage/backends.hpp>

namespace lifeline::state {

std::unique_ptr<StateStore> make_memory_store(const Clock& clock) {
    return std::make_unique<MemoryStore>(clock);
}

}  // namespace lifeline::state
