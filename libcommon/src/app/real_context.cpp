#include <iostream>

#include <lifeline/app/real_context.hpp>
#include <lifeline/app/system.hpp>
#include <lifeline/http/curl_transport.hpp>
#include <lifeline/process/posix_runner.hpp>

namespace lifeline::app {

struct RealContext::Parts {
    SystemClock clock;
    ProcessEnvironment env;
    LocalFileSystem fs;
    http::CurlTransport http;
    process::PosixProcessRunner processes;
};

RealContext::RealContext()
    : m_parts(std::make_unique<Parts>()),
      m_context(std::make_unique<Context>(Context{m_parts->clock, m_parts->env, m_parts->fs,
                                                  m_parts->http, m_parts->processes, std::cout,
                                                  std::cerr})) {}

RealContext::~RealContext() = default;

}  // namespace lifeline::app
