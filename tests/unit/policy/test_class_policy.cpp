#include <gtest/gtest.h>

#include <lifeline/policy/class_policy.hpp>

namespace lifeline::policy {
namespace {

struct Row {
    FailureClass failure_class;
    int retries;
    Then then;
    FallbackFilter filter;
};

// docs/architecture.md "Failure classes", one row per class.
const Row k_design_table[] = {
    {FailureClass::auth, 0, Then::fallback, FallbackFilter::different_credential},
    {FailureClass::region_blocked, 0, Then::fallback, FallbackFilter::other_jurisdiction},
    {FailureClass::permission, 0, Then::fallback, FallbackFilter::any},
    {FailureClass::rate_limited, 2, Then::fallback, FallbackFilter::any},
    {FailureClass::quota_exhausted, 0, Then::fallback, FallbackFilter::any},
    {FailureClass::overloaded, 1, Then::fallback, FallbackFilter::any},
    {FailureClass::server_error, 1, Then::fallback, FallbackFilter::any},
    {FailureClass::timeout, 1, Then::fallback, FallbackFilter::any},
    {FailureClass::network, 1, Then::fallback, FallbackFilter::any},
    {FailureClass::tls, 1, Then::fallback, FallbackFilter::any},
    {FailureClass::stream_broken, 1, Then::fallback, FallbackFilter::any},
    {FailureClass::context_exceeded, 0, Then::fallback, FallbackFilter::larger_context},
    {FailureClass::model_not_found, 0, Then::fallback, FallbackFilter::any},
    {FailureClass::content_filtered, 0, Then::fallback, FallbackFilter::any},
    {FailureClass::bad_request, 0, Then::stop, FallbackFilter::any},
    {FailureClass::task_failed, 0, Then::stop, FallbackFilter::any},
    {FailureClass::budget_exceeded, 0, Then::stop, FallbackFilter::any},
};

TEST(ClassPolicy, EveryDesignTableRowHasItsDefaultAction) {
    ASSERT_EQ(std::size(k_design_table), all_failure_classes().size());
    for (const Row& row : k_design_table) {
        SCOPED_TRACE(to_string(row.failure_class));
        const ClassAction action = default_class_action(row.failure_class);
        EXPECT_EQ(action.failure_class, row.failure_class);
        EXPECT_EQ(action.retries, row.retries);
        EXPECT_EQ(action.then, row.then);
        EXPECT_EQ(action.filter, row.filter);
        EXPECT_EQ(action.max_wait, Duration{60'000});
    }
}

TEST(ClassPolicy, OnlyTimeoutShortensAndOnlyStreamBrokenNeedsNothingCommitted) {
    for (FailureClass c : all_failure_classes()) {
        SCOPED_TRACE(to_string(c));
        const ClassAction action = default_class_action(c);
        EXPECT_EQ(action.shorter_timeout, c == FailureClass::timeout);
        EXPECT_EQ(action.needs_uncommitted, c == FailureClass::stream_broken);
        EXPECT_EQ(action.may_compress, c == FailureClass::context_exceeded);
    }
}

TEST(ClassPolicy, ConfigOverridesRetriesThenAndMaxWait) {
    config::RetryConfig retry;
    retry.max_wait = Duration{45'000};
    config::ClassRetryConfig rate;
    rate.retries = 5;
    rate.then = Then::stop;
    rate.max_wait = Duration{120'000};
    retry.classes[FailureClass::rate_limited] = rate;
    config::ClassRetryConfig filtered;
    filtered.then = Then::stop;  // "content_filtered -> next (configurable)"
    retry.classes[FailureClass::content_filtered] = filtered;

    const ClassAction rate_action = resolve_class_action(FailureClass::rate_limited, retry);
    EXPECT_EQ(rate_action.retries, 5);
    EXPECT_EQ(rate_action.then, Then::stop);
    EXPECT_EQ(rate_action.max_wait, Duration{120'000});

    const ClassAction filtered_action = resolve_class_action(FailureClass::content_filtered, retry);
    EXPECT_EQ(filtered_action.retries, 0);
    EXPECT_EQ(filtered_action.then, Then::stop);

    // Classes without an override keep their defaults but take the chain-wide max_wait.
    const ClassAction server = resolve_class_action(FailureClass::server_error, retry);
    EXPECT_EQ(server.retries, 1);
    EXPECT_EQ(server.then, Then::fallback);
    EXPECT_EQ(server.max_wait, Duration{45'000});
}

TEST(ClassPolicy, AuthIsNeverRetriedEvenWhenConfigAsks) {
    config::RetryConfig retry;
    config::ClassRetryConfig auth;
    auth.retries = 3;
    retry.classes[FailureClass::auth] = auth;
    EXPECT_EQ(resolve_class_action(FailureClass::auth, retry).retries, 0);
}

TEST(ClassPolicy, NegativeRetriesCountAsZero) {
    config::RetryConfig retry;
    config::ClassRetryConfig server;
    server.retries = -2;
    retry.classes[FailureClass::server_error] = server;
    EXPECT_EQ(resolve_class_action(FailureClass::server_error, retry).retries, 0);
}

TEST(ClassPolicy, FilterNamesAreStable) {
    EXPECT_STREQ(to_string(FallbackFilter::different_credential), "different_credential");
    EXPECT_STREQ(to_string(FallbackFilter::larger_context), "larger_context");
}

}  // namespace
}  // namespace lifeline::policy
