// The subreaper's view of the process tree: /proc/<pid>/stat parsing, the descendants of a
// pid in a table of (pid, parent) links, and reading that table from /proc.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "process_tree.hpp"

namespace lifeline::process::detail {
namespace {

pid_t parent_in(const char* text) {
    return parse_parent_pid(text, std::strlen(text));
}

TEST(ProcessTree, ParentPidIsReadAfterTheLastParenthesis) {
    EXPECT_EQ(parent_in("123 (sleep) S 45 123 123 0 -1 4194560"), 45);
    // comm may hold spaces and parentheses of its own.
    EXPECT_EQ(parent_in("77 (a) b (c)) R 9 77 77"), 9);
    EXPECT_EQ(parent_in("1 (init) S 0 1 1"), 0);
}

TEST(ProcessTree, MalformedStatTextHasNoParent) {
    EXPECT_EQ(parent_in(""), -1);
    EXPECT_EQ(parent_in("123 (sleep"), -1);
    EXPECT_EQ(parent_in("123 (sleep) S"), -1);
    EXPECT_EQ(parent_in("123 (sleep) S x"), -1);
}

TEST(ProcessTree, DescendantsFollowEveryGenerationAndNothingElse) {
    // 10 -> 11 -> 12 -> 14 (listed before its parent), 1 -> 13 -> 20 elsewhere.
    const std::vector<ProcessLink> links = {{14, 12}, {10, 1},  {11, 10}, {12, 11},
                                            {13, 1},  {20, 13}, {1, 0}};
    std::array<pid_t, 16> found{};
    const size_t count = find_descendants(10, links.data(), links.size(), found.data(), 16);
    std::vector<pid_t> sorted(found.begin(), found.begin() + static_cast<long>(count));
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<pid_t>{11, 12, 14}));
    EXPECT_EQ(find_descendants(20, links.data(), links.size(), found.data(), 16), 0u);
}

TEST(ProcessTree, DescendantsStopAtTheCapacity) {
    const std::vector<ProcessLink> links = {{2, 1}, {3, 1}, {4, 1}, {5, 4}};
    std::array<pid_t, 2> found{};
    EXPECT_EQ(find_descendants(1, links.data(), links.size(), found.data(), found.size()), 2u);
}

TEST(ProcessTree, ProcListsThisProcessWithItsParent) {
    std::vector<ProcessLink> links(65536);
    const size_t count = read_process_links(links.data(), links.size());
    ASSERT_GT(count, 1u);
    const auto self = std::find_if(links.begin(), links.begin() + static_cast<long>(count),
                                   [](const ProcessLink& link) { return link.pid == getpid(); });
    ASSERT_NE(self, links.begin() + static_cast<long>(count));
    EXPECT_EQ(self->parent, getppid());
}

}  // namespace
}  // namespace lifeline::process::detail
