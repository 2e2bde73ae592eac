#pragma once
// provider-sim's integration tests: the shared SimProcess (tests/support) plus a cpp-httplib
// client for each instance.

#include <chrono>
#include <string>

#include <httplib.h>

#include "support/sim_process.hpp"

namespace provider_sim_it {

using lifeline::testing::TempDir;

class SimProcess : public lifeline::testing::SimProcess {
  public:
    using lifeline::testing::SimProcess::SimProcess;

    // A client for instance `index` (read timeout 10s, connect timeout 2s).
    httplib::Client client(size_t index = 0) const;
    // True as soon as the request log (stderr; not with --quiet) has a line containing `text`;
    // false when `limit` passes first.
    bool logged(const std::string& text, std::chrono::milliseconds limit) const;
};

}  // namespace provider_sim_it
