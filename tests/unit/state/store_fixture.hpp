#pragma once
// A fresh store of one backend per test ("memory", "sqlite" or "redis"), on a FakeClock.
// Test names end in the backend ("/sqlite"), so `ctest -R sqlite` selects a backend.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <lifeline/state/store.hpp>
#include <lifeline/storage/open.hpp>

#include "fake_clock.hpp"
#include "redis_server.hpp"
#include "support/temp_dir.hpp"

namespace lifeline::testing {

// One redis-server per test process, started on first use and stopped at exit. Empty with
// `error` set when it cannot start (the test must then fail, never skip).
inline RedisServer* shared_redis(std::string& error) {
    static std::unique_ptr<RedisServer> server;
    static std::string start_error;
    if (!server && start_error.empty()) {
        auto candidate = std::make_unique<RedisServer>();
        if (candidate->start(start_error)) {
            server = std::move(candidate);
        }
    }
    error = start_error;
    return server.get();
}

class StoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        m_url = url_for(GetParam());
        ASSERT_FALSE(m_url.empty()) << m_setup_error;
        auto opened = state::open_state_store(m_url, clock, options());
        ASSERT_TRUE(opened) << opened.error().to_string();
        ASSERT_TRUE(opened->warning.empty()) << opened->warning;
        store = std::move(opened->store);
    }

    virtual state::StateOpenOptions options() const { return {}; }

    // The URL for `backend`: a file in this test's directory, or a prefix unique to the test.
    std::string url_for(const std::string& backend) {
        if (backend == "memory") {
            return "memory:";
        }
        if (backend == "sqlite") {
            return "sqlite://" + dir.file("state.db");
        }
        RedisServer* server = shared_redis(m_setup_error);
        return server ? server->url("t" + state::random_token() + ":") : std::string();
    }

    FakeClock clock;
    TempDir dir;
    std::string m_url;
    std::string m_setup_error;
    std::unique_ptr<state::StateStore> store;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
    return info.param;
}

}  // namespace lifeline::testing

#define LIFELINE_ALL_BACKENDS(fixture)                                                          \
    INSTANTIATE_TEST_SUITE_P(Backends, fixture, ::testing::Values("memory", "sqlite", "redis"), \
                             ::lifeline::testing::backend_name)
