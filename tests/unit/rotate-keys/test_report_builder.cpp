// The report of one rotation as it is assembled: steps and warnings said on the progress line,
// and how each way of ending sets action, status and exit code.
#include <gtest/gtest.h>

#include "report_builder.hpp"

namespace lifeline::rotate {
namespace {

JournalRecord at(Phase phase) {
    JournalRecord record;
    record.rotation_id = "r1";
    record.phase = phase;
    record.reason = "verification failed: 401";
    return record;
}

void expect_end(const RotationReport& report, const std::string& action, output::RunStatus status,
                int exit_code) {
    EXPECT_EQ(report.action, action);
    EXPECT_EQ(report.status, status);
    EXPECT_EQ(report.exit_code, exit_code);
}

class RotateKeysReportBuilder : public ::testing::Test {
  protected:
    std::string progress;
    ReportBuilder report{"ci", [this](const std::string& line) { progress += line + "\n"; }};
};

TEST_F(RotateKeysReportBuilder, StepsAndWarningsAreSaidWithTheRotationsName) {
    report.step("create", "ok (id k1)");
    report.say("rolling back: x");
    report.warn("nothing revoked");
    EXPECT_EQ(progress,
              "ci: create: ok (id k1)\nci: rolling back: x\nci: warning: nothing revoked\n");
    const RotationReport done = report.finished(at(Phase::done), Start::fresh);
    EXPECT_EQ(done.name, "ci");
    EXPECT_EQ(done.steps, std::vector<std::string>{"create: ok (id k1)"});
    EXPECT_EQ(done.warnings, std::vector<std::string>{"nothing revoked"});
}

TEST_F(RotateKeysReportBuilder, ForwardEndsAreRotatedResumedOrInGrace) {
    const RotationReport rotated = report.finished(at(Phase::done), Start::fresh);
    expect_end(rotated, "rotated", output::RunStatus::ok, 0);
    ASSERT_TRUE(rotated.record);
    EXPECT_EQ(rotated.record->rotation_id, "r1");
    EXPECT_EQ(ReportBuilder("ci", {}).finished(at(Phase::done), Start::resumed).action, "resumed");
    EXPECT_EQ(ReportBuilder("ci", {}).finished(at(Phase::grace), Start::resumed).action,
              "in_grace");
}

TEST_F(RotateKeysReportBuilder, WarningsMakeAForwardEndDegraded) {
    report.warn("the old key is the new key: nothing revoked");
    EXPECT_EQ(report.finished(at(Phase::done), Start::fresh).status, output::RunStatus::degraded);
}

TEST_F(RotateKeysReportBuilder, RollbackFailsWithExit1OrExit75AfterATransientCause) {
    const RotationReport rolled_back = report.finished(at(Phase::rolled_back), Start::fresh);
    expect_end(rolled_back, "rolled_back", output::RunStatus::failed, 1);
    ASSERT_TRUE(rolled_back.error);
    EXPECT_EQ(rolled_back.error->message, "rotation rolled back: verification failed: 401");

    ReportBuilder transient("ci", {});
    transient.rollback_cause(make_error(ErrorCode::unavailable, "503"));
    EXPECT_EQ(transient.finished(at(Phase::rolled_back), Start::resumed).exit_code, 75);
    ReportBuilder permanent("ci", {});
    permanent.rollback_cause(make_error(ErrorCode::io, "denied"));
    EXPECT_EQ(permanent.finished(at(Phase::rolled_back), Start::resumed).exit_code, 1);
}

TEST_F(RotateKeysReportBuilder, AbortedRollbackIsOkEvenWithWarnings) {
    report.warn("w");
    const RotationReport aborted = report.finished(at(Phase::rolled_back), Start::abort);
    expect_end(aborted, "aborted", output::RunStatus::ok, 0);
    EXPECT_FALSE(aborted.error);
}

TEST_F(RotateKeysReportBuilder, FailedShowsTheRecordOnlyWhenGiven) {
    const Error error = make_error(ErrorCode::unavailable, "lock held");
    const RotationReport locked = report.failed("locked", error, 75, std::nullopt);
    expect_end(locked, "locked", output::RunStatus::failed, 75);
    EXPECT_FALSE(locked.record);
    ASSERT_TRUE(locked.error);
    EXPECT_EQ(locked.error->message, "lock held");
    const RotationReport stopped =
        ReportBuilder("ci", {}).failed("interrupted", error, 1, at(Phase::stored));
    ASSERT_TRUE(stopped.record);
    EXPECT_EQ(stopped.record->phase, Phase::stored);
}

TEST_F(RotateKeysReportBuilder, NothingToDoSaysWhy) {
    const RotationReport nothing = report.nothing("no interrupted rotation to resume");
    expect_end(nothing, "nothing_to_do", output::RunStatus::ok, 0);
    EXPECT_EQ(nothing.steps, std::vector<std::string>{"no interrupted rotation to resume"});
}

TEST(RotateKeysExitCode, TransientErrorsExit75OthersExit1) {
    EXPECT_EQ(exit_code_for(make_error(ErrorCode::timeout, "t")), 75);
    EXPECT_EQ(exit_code_for(make_error(ErrorCode::conflict, "c")), 75);
    EXPECT_EQ(exit_code_for(make_error(ErrorCode::invalid_input, "i")), 1);
}

}  // namespace
}  // namespace lifeline::rotate
