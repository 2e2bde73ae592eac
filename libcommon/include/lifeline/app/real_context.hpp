#pragma once
// The real Context: system clock, process environment, local files, libcurl, POSIX processes,
// std::cout/std::cerr. Owned by tool_main for the life of a tool run.

#include <memory>

#include <lifeline/app/context.hpp>

namespace lifeline::app {

class RealContext {
  public:
    RealContext();
    ~RealContext();
    RealContext(const RealContext&) = delete;
    RealContext& operator=(const RealContext&) = delete;

    Context& context() { return *m_context; }

  private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
    std::unique_ptr<Context> m_context;
};

}  // namespace lifeline::app
