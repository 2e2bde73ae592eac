#pragma once
// Where the synthetic fixtures of these tests live (next to this file).

#include <string>

namespace lifeline::budget::fixtures {

inline std::string fixture(const std::string& name) {
    std::string here = __FILE__;
    return here.substr(0, here.find_last_of('/')) + "/fixtures/" + name;
}

// `line` followed by the padding simdjson reads past a document.
struct PaddedLine {
    explicit PaddedLine(std::string line) : size(line.size()), storage(std::move(line)) {
        storage.append(128, ' ');
    }
    std::string_view view() const { return std::string_view(storage.data(), size); }
    std::size_t size;
    std::string storage;
};

}  // namespace lifeline::budget::fixtures
