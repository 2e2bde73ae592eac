#pragma once
// Internal to the process module: does a process group still have living members?

#include <sys/types.h>

namespace lifeline::process::detail {

// True while some process in group `pgid` is alive. Zombies do not count: in a container
// whose PID 1 does not reap, a killed grandchild stays a zombie in its group forever, yet it
// runs nothing and holds no pipe. Uses kill(-pgid, 0) first (the common "group is empty"
// answer costs one syscall), then confirms by scanning /proc; without /proc a group that
// kill() still reaches counts as alive.
bool group_has_live_members(pid_t pgid);

}  // namespace lifeline::process::detail
