#include "curl_library.hpp"

#include <dlfcn.h>

#ifndef LIFELINE_LIBCURL_SONAME
#define LIFELINE_LIBCURL_SONAME "libcurl.so.4"
#endif

namespace lifeline::http::detail {

namespace {

// Resolves `name` into `slot`; records the first name the library lacks in `missing`.
template <typename Function>
void resolve(void* handle, const char* name, Function& slot, std::string& missing) {
    slot = reinterpret_cast<Function>(dlsym(handle, name));
    if (slot == nullptr && missing.empty())
        missing = name;
}

}  // namespace

Result<CurlLibrary, std::string> load_curl_library(const char* soname) {
    // RTLD_LOCAL keeps curl's symbols (and its TLS library's) out of the global namespace.
    void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* reason = dlerror();
        return fail(std::string("could not load ") + soname + " (" +
                    (reason != nullptr ? reason : "unknown reason") +
                    "): install libcurl (Debian/Ubuntu: apt-get install libcurl4)");
    }
    CurlLibrary library;
    std::string missing;
    resolve(handle, "curl_global_init", library.global_init, missing);
    resolve(handle, "curl_easy_init", library.easy_init, missing);
    resolve(handle, "curl_easy_cleanup", library.easy_cleanup, missing);
    resolve(handle, "curl_easy_setopt", library.easy_setopt, missing);
    resolve(handle, "curl_easy_getinfo", library.easy_getinfo, missing);
    resolve(handle, "curl_easy_strerror", library.easy_strerror, missing);
    resolve(handle, "curl_slist_append", library.slist_append, missing);
    resolve(handle, "curl_slist_free_all", library.slist_free_all, missing);
    resolve(handle, "curl_multi_init", library.multi_init, missing);
    resolve(handle, "curl_multi_cleanup", library.multi_cleanup, missing);
    resolve(handle, "curl_multi_add_handle", library.multi_add_handle, missing);
    resolve(handle, "curl_multi_remove_handle", library.multi_remove_handle, missing);
    resolve(handle, "curl_multi_perform", library.multi_perform, missing);
    resolve(handle, "curl_multi_info_read", library.multi_info_read, missing);
    resolve(handle, "curl_multi_poll", library.multi_poll, missing);
    resolve(handle, "curl_multi_wakeup", library.multi_wakeup, missing);
    resolve(handle, "curl_multi_setopt", library.multi_setopt, missing);
    resolve(handle, "curl_multi_socket_action", library.multi_socket_action, missing);
    if (!missing.empty()) {
        dlclose(handle);
        return fail(std::string(soname) + " has no " + missing +
                    ": it is not libcurl, or older than 7.68 "
                    "(lifeline needs curl_multi_poll and curl_multi_wakeup)");
    }
    return library;
}

const CurlLibraryResult& curl_library() {
    // Function-local statics are initialised once, thread-safely: curl_global_init is not
    // thread-safe itself and must run exactly once.
    static const Result<CurlLibrary, std::string> loaded =
        load_curl_library(LIFELINE_LIBCURL_SONAME);
    static const CurlLibraryResult library = []() -> CurlLibraryResult {
        if (!loaded)
            return fail(loaded.error());
        if (loaded->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return fail(std::string("curl_global_init failed in ") + LIFELINE_LIBCURL_SONAME);
        return &loaded.value();
    }();
    return library;
}

}  // namespace lifeline::http::detail
