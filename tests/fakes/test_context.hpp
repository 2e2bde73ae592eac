#pragma once
// A Context built entirely from fakes, for tool-level unit tests.

#include <sstream>

#include <lifeline/app/context.hpp>

#include "fake_clock.hpp"
#include "fake_environment.hpp"
#include "fake_process_runner.hpp"
#include "fake_transport.hpp"
#include "memory_file_system.hpp"

namespace lifeline::testing {

struct TestContext {
    FakeClock clock;
    FakeEnvironment env;
    MemoryFileSystem fs;
    FakeTransport http;
    FakeProcessRunner processes;
    std::ostringstream out;
    std::ostringstream err;
    Context context{clock, env, fs, http, processes, out, err};
};

}  // namespace lifeline::testing
