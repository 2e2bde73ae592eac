#pragma once
// Context: everything a tool's logic may use to touch the outside world, injected. It sits in
// app, above the modules whose interfaces it gathers (http, process); libcommon's modules below
// take the one interface they use (a Clock, an HttpTransport), never the whole Context.
// Real implementations are built by app/real_context.hpp; tests build one from fakes.

#include <iosfwd>

#include <lifeline/core/clock.hpp>
#include <lifeline/core/environment.hpp>
#include <lifeline/core/file_system.hpp>

namespace lifeline {
namespace http {
class HttpTransport;  // lifeline/http/transport.hpp
}
namespace process {
class ProcessRunner;  // lifeline/process/runner.hpp
}

struct Context {
    Clock& clock;
    Environment& env;
    FileSystem& fs;
    http::HttpTransport& http;
    process::ProcessRunner& processes;
    std::ostream& out;  // the tool's machine-readable document
    std::ostream& err;  // human progress and errors
};

}  // namespace lifeline
