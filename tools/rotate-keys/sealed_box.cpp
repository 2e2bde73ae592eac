#include "sealed_box.hpp"

#include <vector>

#include <sodium.h>

namespace lifeline::rotate {

namespace {

Result<std::vector<unsigned char>> from_base64(std::string_view text, std::string_view what) {
    std::vector<unsigned char> bytes(text.size());
    size_t length = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length,
                          nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return fail(ErrorCode::invalid_input, std::string(what) + " is not base64");
    bytes.resize(length);
    return bytes;
}

std::string to_base64(const std::vector<unsigned char>& bytes) {
    std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    text.resize(text.size() - 1);  // the terminating NUL
    return text;
}

Status init() {
    if (sodium_init() < 0)
        return fail(ErrorCode::internal, "libsodium could not be initialised");
    return {};
}

}  // namespace

Result<std::string> seal_for_github(std::string_view public_key_b64, std::string_view plaintext) {
    LIFELINE_TRY_VOID(init());
    const auto key = LIFELINE_TRY(from_base64(public_key_b64, "the public key"));
    if (key.size() != crypto_box_PUBLICKEYBYTES)
        return fail(ErrorCode::invalid_input, "the public key is not 32 bytes");
    std::vector<unsigned char> sealed(crypto_box_SEALBYTES + plaintext.size());
    if (crypto_box_seal(sealed.data(), reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), key.data()) != 0)
        return fail(ErrorCode::internal, "crypto_box_seal failed");
    return to_base64(sealed);
}

Result<std::string> open_sealed_box(std::string_view ciphertext_b64,
                                    std::string_view public_key_b64,
                                    std::string_view secret_key_b64) {
    LIFELINE_TRY_VOID(init());
    const auto sealed = LIFELINE_TRY(from_base64(ciphertext_b64, "the ciphertext"));
    const auto public_key = LIFELINE_TRY(from_base64(public_key_b64, "the public key"));
    const auto secret_key = LIFELINE_TRY(from_base64(secret_key_b64, "the secret key"));
    if (sealed.size() < crypto_box_SEALBYTES || public_key.size() != crypto_box_PUBLICKEYBYTES ||
        secret_key.size() != crypto_box_SECRETKEYBYTES)
        return fail(ErrorCode::invalid_input, "malformed sealed box or key pair");
    std::string plain(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), sealed.data(),
                             sealed.size(), public_key.data(), secret_key.data()) != 0)
        return fail(ErrorCode::invalid_input, "the sealed box does not open with this key pair");
    return plain;
}

}  // namespace lifeline::rotate
