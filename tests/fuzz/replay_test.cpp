// fuzz_replay: every committed fuzz input (tests/fuzz/corpus/<target>/ and
// tests/fuzz/regressions/<target>/) through its harness body, in every build. An input that
// once crashed a parser is kept in regressions/ and stays a test here; a body that aborts or
// trips a sanitizer fails the test (the sanitizer build of .ci/run runs it too).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz_targets.hpp"

namespace lifeline::fuzz {

// Test names and failure messages show the target's name.
void PrintTo(const FuzzTarget& target, std::ostream* out) {
    *out << target.name;
}

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(std::string_view kind, std::string_view target) {
    std::vector<fs::path> inputs;
    const fs::path dir = fs::path(LIFELINE_FUZZ_DIR) / kind / target;
    if (!fs::is_directory(dir))
        return inputs;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file())
            inputs.push_back(entry.path());
    }
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs every input of `kind` for `target`; returns how many ran.
size_t replay(std::string_view kind, const FuzzTarget& target) {
    const auto inputs = inputs_of(kind, target.name);
    for (const auto& path : inputs) {
        SCOPED_TRACE(path.string());
        const std::string bytes = read_bytes(path);
        EXPECT_EQ(target.body(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), 0);
    }
    return inputs.size();
}

class FuzzReplay : public testing::TestWithParam<FuzzTarget> {};

TEST_P(FuzzReplay, CorpusInputsRunCleanly) {
    // Every target has a seed corpus: a target without one would be fuzzed from nothing.
    EXPECT_GT(replay("corpus", GetParam()), 0u) << "tests/fuzz/corpus/" << GetParam().name;
}

TEST_P(FuzzReplay, RegressionInputsRunCleanly) {
    replay("regressions", GetParam());
}

TEST_P(FuzzReplay, EmptyInputRunsCleanly) {
    EXPECT_EQ(GetParam().body(nullptr, 0), 0);
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, testing::ValuesIn(k_fuzz_targets),
                         [](const testing::TestParamInfo<FuzzTarget>& target) {
                             return std::string(target.param.name);
                         });

}  // namespace
}  // namespace lifeline::fuzz
