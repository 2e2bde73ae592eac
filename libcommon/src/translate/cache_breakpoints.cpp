#include "cache_breakpoints.hpp"

namespace lifeline::translate::detail {

namespace {

bool cacheable(const Json& block) {
    std::string type = string_at(block, "type");
    if (type == "thinking" || type == "redacted_thinking")
        return false;
    return type != "text" || !string_at(block, "text").empty();
}

// Marks the last cacheable block of `blocks`; false when there is none.
bool mark_last(Json::array_t& blocks) {
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
        if (!cacheable(*it))
            continue;
        if (member(*it, "cache_control") == nullptr)
            (*it)["cache_control"] = {{"type", "ephemeral"}};
        return true;
    }
    return false;
}

// The array member `key` of `object` (direct access, no copy); nullptr when absent or not one.
Json::array_t* array_member(Json& object, const char* key) {
    Json::object_t* fields = object.get_ptr<Json::object_t*>();
    if (fields == nullptr)
        return nullptr;
    auto it = fields->find(key);
    return it == fields->end() ? nullptr : it->second.get_ptr<Json::array_t*>();
}

int count_markers(const Json& value) {
    if (value.is_array()) {
        int n = 0;
        for (const Json& item : value)
            n += count_markers(item);
        return n;
    }
    if (!value.is_object())
        return 0;
    int n = member(value, "cache_control") != nullptr ? 1 : 0;
    if (const Json* content = member(value, "content"); content != nullptr)
        n += count_markers(*content);
    return n;
}

int count_markers_in(const Json::array_t* blocks) {
    int n = 0;
    if (blocks != nullptr)
        for (const Json& block : *blocks)
            n += count_markers(block);
    return n;
}

}  // namespace

void place_cache_breakpoints(Json& body) {
    Json::array_t* system = array_member(body, "system");
    Json::array_t* messages = array_member(body, "messages");
    int used = count_markers_in(system) + count_markers_in(messages);
    if (system != nullptr && !system->empty() && used < k_max_cache_breakpoints &&
        member(system->back(), "cache_control") == nullptr && mark_last(*system))
        ++used;
    if (messages == nullptr)
        return;
    for (auto it = messages->rbegin(); it != messages->rend() && used < k_max_cache_breakpoints;
         ++it) {
        if (string_at(*it, "role") != "user")
            continue;
        Json::array_t* content = array_member(*it, "content");
        if (content == nullptr)
            continue;
        int before = count_markers_in(content);
        if (mark_last(*content) && count_markers_in(content) > before)
            ++used;
    }
}

}  // namespace lifeline::translate::detail
