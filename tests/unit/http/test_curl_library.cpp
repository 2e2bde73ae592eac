// libcurl is loaded with dlopen on first use (src/http/curl_library.hpp). These tests load real
// libraries: the system's libcurl, a name that does not exist, and a library that is not curl.

#include <gtest/gtest.h>

#include "curl_library.hpp"

namespace lifeline::http::detail {
namespace {

TEST(CurlLibrary, LoadsTheSystemLibcurlWithEveryEntryPoint) {
    const CurlLibraryResult& library = curl_library();
    ASSERT_TRUE(library) << library.error();
    const CurlLibrary& curl = *library.value();
    EXPECT_NE(curl.easy_init, nullptr);
    EXPECT_NE(curl.easy_setopt, nullptr);
    EXPECT_NE(curl.multi_poll, nullptr);
    CURL* easy = curl.easy_init();
    ASSERT_NE(easy, nullptr);
    EXPECT_EQ(curl.easy_setopt(easy, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK);
    curl.easy_cleanup(easy);
}

TEST(CurlLibrary, ReturnsTheSameLoadedLibraryEveryTime) {
    ASSERT_TRUE(curl_library());
    EXPECT_EQ(curl_library().value(), curl_library().value());
}

TEST(CurlLibrary, AMissingLibraryIsAnErrorNamingItAndTheFix) {
    auto loaded = load_curl_library("libcurl-not-installed.so.4");
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().find("could not load libcurl-not-installed.so.4"), std::string::npos)
        << loaded.error();
    EXPECT_NE(loaded.error().find("apt-get install libcurl4"), std::string::npos) << loaded.error();
}

TEST(CurlLibrary, ALibraryWithoutCurlsFunctionsIsRefused) {
    // libc is always loaded and has none of curl's symbols.
    auto loaded = load_curl_library("libc.so.6");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error(),
              "libc.so.6 has no curl_global_init: it is not libcurl, or older than 7.68 "
              "(lifeline needs curl_multi_poll and curl_multi_wakeup)");
}

}  // namespace
}  // namespace lifeline::http::detail
