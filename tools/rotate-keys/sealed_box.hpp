#pragma once
// libsodium sealed boxes, as GitHub's secrets API requires: the value is encrypted to the
// repository's (or environment's, or organization's) public key.

#include <string>
#include <string_view>

#include <lifeline/util/result.hpp>

namespace lifeline::rotate {

// crypto_box_seal of `plaintext` to the base64 (original variant) X25519 `public_key_b64`,
// returned base64-encoded. invalid_input when the key is not 32 bytes of base64.
Result<std::string> seal_for_github(std::string_view public_key_b64, std::string_view plaintext);

// Opens a sealed box (tests and fakes only): base64 ciphertext with the base64 key pair.
Result<std::string> open_sealed_box(std::string_view ciphertext_b64,
                                    std::string_view public_key_b64,
                                    std::string_view secret_key_b64);

}  // namespace lifeline::rotate
