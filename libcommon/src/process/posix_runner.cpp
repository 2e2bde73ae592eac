#include <chrono>

#include <lifeline/process/executable_lookup.hpp>
#include <lifeline/process/posix_runner.hpp>

#include "child_supervisor.hpp"
#include "signal_forwarding.hpp"
#include "spawn.hpp"
#include "unique_fd.hpp"

namespace lifeline::process {

Result<ProcessResult> PosixProcessRunner::run(const ProcessSpec& spec) {
    using Clock = detail::ChildSupervisor::Clock;
    LIFELINE_TRY_VOID(detail::validate_spec(spec));
    std::string executable =
        LIFELINE_TRY(find_executable(spec.argv[0], spec.env, spec.working_directory));

    // Declared before `forwarding` so it is closed after the slot that writes to it is freed.
    detail::Pipe wake = LIFELINE_TRY(detail::make_pipe(true, true));
    // Registered before the spawn: a Ctrl-C that lands while the child is starting is
    // announced on the wake pipe and delivered once the group exists.
    detail::SignalForwarding forwarding =
        LIFELINE_TRY(detail::SignalForwarding::start(wake.write_end.get()));

    Clock::time_point started = Clock::now();
    detail::SpawnedChild child = LIFELINE_TRY(detail::spawn_child(spec, executable));
    forwarding.set_group(child.pid);

    detail::ChildSupervisor supervisor(spec, std::move(child), wake.read_end.get(), started);
    ProcessResult result = supervisor.wait();
    // The group is empty now; its id may be reused, so stop forwarding to it.
    forwarding.clear_group();
    result.elapsed = std::chrono::duration_cast<Duration>(Clock::now() - started);
    return result;
}

}  // namespace lifeline::process
