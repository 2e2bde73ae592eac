// What each attempt reads on stdin, with real pipes and files standing in for the process's
// stdin: a file is rewound for every attempt, --replay-stdin reads a pipe once and replays it,
// anything else is inherited untouched.

#include <cstdio>
#include <string>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "stdin_plan.hpp"

namespace run_with_failover {
namespace {

struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() { EXPECT_EQ(pipe(fds), 0); }
    ~Pipe() {
        for (int fd : fds) {
            if (fd >= 0)
                close(fd);
        }
    }
    int read_end() const { return fds[0]; }
    void write_and_close(const std::string& text) {
        EXPECT_EQ(write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
        close(fds[1]);
        fds[1] = -1;
    }
};

// A temporary file holding `text`, opened for reading.
struct TempFile {
    FILE* file = std::tmpfile();
    explicit TempFile(const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), file);
        std::fflush(file);
        std::rewind(file);
    }
    ~TempFile() { std::fclose(file); }
    int fd() const { return fileno(file); }
};

std::string read_all(int fd) {
    std::string text;
    char buffer[256];
    for (ssize_t got; (got = read(fd, buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<size_t>(got));
    return text;
}

TEST(StdinPlan, AFileIsRewoundToWhereTheFirstAttemptStarted) {
    TempFile input("header\nthe prompt\n");
    ASSERT_EQ(lseek(input.fd(), 7, SEEK_SET), 7);  // something before us read "header\n"
    auto plan = plan_stdin(input.fd(), false);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->kind, StdinPlan::Kind::rewind);

    for (int attempt = 1; attempt <= 3; ++attempt) {
        lifeline::process::ProcessSpec spec;
        EXPECT_EQ(prepare_stdin(*plan, input.fd(), spec), "");
        EXPECT_TRUE(spec.inherit_stdin);
        EXPECT_FALSE(spec.stdin_data);
        EXPECT_EQ(read_all(input.fd()), "the prompt\n") << "attempt " << attempt;
    }
}

TEST(StdinPlan, ReplayReadsAPipeOnceAndGivesEveryAttemptAllOfIt) {
    Pipe input;
    input.write_and_close("fix the failing test\n");
    auto plan = plan_stdin(input.read_end(), true);
    ASSERT_TRUE(plan) << plan.error().to_string();
    EXPECT_EQ(plan->kind, StdinPlan::Kind::replay);
    for (int attempt = 1; attempt <= 2; ++attempt) {
        lifeline::process::ProcessSpec spec;
        EXPECT_EQ(prepare_stdin(*plan, input.read_end(), spec), "");
        EXPECT_FALSE(spec.inherit_stdin);
        EXPECT_EQ(spec.stdin_data.value_or("<none>"), "fix the failing test\n");
    }
}

TEST(StdinPlan, WithoutReplayAPipeIsInheritedUnreadAndMarkedShared) {
    Pipe input;
    input.write_and_close("rest of a job script\n");
    auto plan = plan_stdin(input.read_end(), false);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->kind, StdinPlan::Kind::inherit);
    EXPECT_TRUE(plan->shared_pipe);
    lifeline::process::ProcessSpec spec;
    EXPECT_EQ(prepare_stdin(*plan, input.read_end(), spec), "");
    EXPECT_TRUE(spec.inherit_stdin);
    EXPECT_EQ(read_all(input.read_end()), "rest of a job script\n");  // nothing consumed
}

TEST(StdinPlan, DevNullIsInheritedAndNotAPipe) {
    const int fd = open("/dev/null", O_RDONLY);
    ASSERT_GE(fd, 0);
    auto plan = plan_stdin(fd, false);
    close(fd);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->kind, StdinPlan::Kind::inherit);
    EXPECT_FALSE(plan->shared_pipe);
}

TEST(StdinPlan, ReplayOfMoreThanTheCapIsAUsageErrorNamingTheFix) {
    const int fd = open("/dev/zero", O_RDONLY);  // endless input
    ASSERT_GE(fd, 0);
    auto plan = plan_stdin(fd, true);
    close(fd);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.error().code, lifeline::ErrorCode::invalid_input);
    EXPECT_NE(plan.error().message.find("larger than 64 MiB"), std::string::npos);
    EXPECT_NE(plan.error().message.find("< FILE"), std::string::npos);
}

TEST(StdinPlan, AFileThatCannotBeRewoundWarnsInsteadOfFailing) {
    TempFile input("prompt");
    auto plan = plan_stdin(input.fd(), false);
    ASSERT_TRUE(plan);
    lifeline::process::ProcessSpec spec;
    const std::string warning = prepare_stdin(*plan, -1, spec);  // a closed descriptor
    EXPECT_NE(warning.find("could not rewind stdin"), std::string::npos) << warning;
    EXPECT_TRUE(spec.inherit_stdin);
}

}  // namespace
}  // namespace run_with_failover
