#include "sse.hpp"

namespace provider_sim {

std::string sse_event(std::string_view event_name, std::string_view data) {
    std::string out;
    out.reserve(data.size() + event_name.size() + 16);
    if (!event_name.empty()) {
        out.append("event: ").append(event_name).append("\n");
    }
    size_t start = 0;
    while (true) {
        size_t end = data.find('\n', start);
        std::string_view line =
            data.substr(start, end == std::string_view::npos ? data.npos : end - start);
        out.append("data: ").append(line).append("\n");
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    out.append("\n");
    return out;
}

}  // namespace provider_sim
