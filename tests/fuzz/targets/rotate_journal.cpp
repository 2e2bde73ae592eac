// The rotation journal record as read back from the state store (another replica, an older
// version or a damaged store may have written it): a record that decodes must encode and
// decode again to the same record.

#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"
#include "journal.hpp"

namespace lifeline::fuzz {

int fuzz_rotate_journal(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto record = rotate::decode_record(text);
    if (!record)
        return 0;
    const std::string encoded = rotate::encode_record(*record);
    const auto again = rotate::decode_record(encoded);
    LIFELINE_FUZZ_CHECK(again.ok());
    LIFELINE_FUZZ_CHECK(rotate::encode_record(*again) == encoded);
    return 0;
}

}  // namespace lifeline::fuzz
