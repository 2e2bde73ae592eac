#!/usr/bin/env python3
"""scripts/check-layering.py on small trees made here: each rule it enforces fails with the
file:line and the fix, and a tree that keeps them passes.

  test_check_layering.py SCRIPT
"""

import os
import subprocess
import sys
import tempfile

CMAKE = '''lifeline_module(util)
lifeline_module(core DEPENDS util)
lifeline_module(state DEPENDS util core
    LIBRARIES lifeline::dep::sqlite3)
'''


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w', encoding='utf-8') as f:
        f.write(text)


def good_tree(root):
    write(root, 'libcommon/CMakeLists.txt', CMAKE)
    write(root, 'libcommon/include/lifeline/util/result.hpp', '#pragma once\n')
    write(root, 'libcommon/include/lifeline/core/context.hpp',
          '#pragma once\n#include <lifeline/util/result.hpp>\n')
    write(root, 'libcommon/src/state/store.cpp',
          '#include <sqlite3.h>\n#include <lifeline/core/context.hpp>\n'
          '#include <lifeline/util/result.hpp>\n#include "store_rows.hpp"\n')
    write(root, 'libcommon/src/state/store_rows.hpp', '#pragma once\n')
    write(root, 'tools/pick/pick.cpp', '#include "pick.hpp"\n#include <lifeline/state/x.hpp>\n')
    write(root, 'tools/pick/pick.hpp', '#pragma once\n')
    write(root, 'tools/probe/targets.hpp', '#pragma once\n')


def run(script, root):
    done = subprocess.run([sys.executable, script, root], capture_output=True, text=True)
    return done.returncode, done.stdout


def expect(condition, message, output):
    if not condition:
        print(f'FAIL: {message}\n--- output ---\n{output}')
        sys.exit(1)


def case(script, name, change, wanted):
    with tempfile.TemporaryDirectory() as root:
        good_tree(root)
        change(root)
        code, out = run(script, root)
        expect(code == 1, f'{name}: exit {code}, expected 1', out)
        for text in wanted:
            expect(text in out, f'{name}: no "{text}" in the output', out)
        print(f'ok: {name}')


def main():
    script = sys.argv[1]
    with tempfile.TemporaryDirectory() as root:
        good_tree(root)
        code, out = run(script, root)
        expect(code == 0, f'a tree that keeps the rules: exit {code}', out)
        print('ok: a tree that keeps the rules passes')

    case(script, 'an undeclared module include',
         lambda root: write(root, 'libcommon/src/core/clock.cpp',
                            '// the clock\n#include <lifeline/state/store.hpp>\n'),
         ['libcommon/src/core/clock.cpp:2: #include <lifeline/state/store.hpp>',
          'module core includes module state, which it does not declare',
          'add state to DEPENDS of lifeline_module(core) in libcommon/CMakeLists.txt:2'])
    case(script, 'a declaration nothing uses',
         lambda root: write(root, 'libcommon/CMakeLists.txt',
                            CMAKE.replace('core DEPENDS util', 'core DEPENDS util state')),
         ['libcommon/CMakeLists.txt:2: module core declares state but none of its files',
          'remove state from DEPENDS of lifeline_module(core)'])
    case(script, 'a third-party header not listed',
         lambda root: write(root, 'libcommon/src/core/toml.cpp', '#include <toml++/toml.h>\n'),
         ['libcommon/src/core/toml.cpp:1: #include <toml++/toml.h>',
          'add lifeline::dep::tomlplusplus to LIBRARIES of lifeline_module(core)'])
    case(script, "another module's private header",
         lambda root: write(root, 'libcommon/src/core/rows.cpp',
                            '#include <lifeline/util/result.hpp>\n'
                            '#include "../state/store_rows.hpp"\n'),
         ['libcommon/src/core/rows.cpp:2', 'a private header of module state'])
    case(script, 'a module folder without a module',
         lambda root: write(root, 'libcommon/src/probe/run.cpp', '\n'),
         ['libcommon/src/probe/: a module folder without a module'])
    case(script, "a tool including another tool's header",
         lambda root: write(root, 'tools/pick/plan.cpp', '\n\n#include "targets.hpp"\n'),
         ['tools/pick/plan.cpp:3: #include "targets.hpp": tool pick includes a header of tool probe',
          'move what both tools use into a libcommon module'])
    with tempfile.TemporaryDirectory() as root:
        code, out = run(script, root)
        expect(code == 2, f'no libcommon/CMakeLists.txt: exit {code}, expected 2', out)
        print('ok: a tree without the build file is exit 2')


if __name__ == '__main__':
    main()
