#!/usr/bin/env python3
"""Checks the layering of lifeline's sources against the declarations in the build.

  scripts/check-layering.py [REPO_ROOT]

Rules (docs/architecture.md, "Modules and layers"):
  1. A file of module M (libcommon/src/M/, libcommon/include/lifeline/M/) includes
     <lifeline/O/...> only when O is M itself or O is named in M's DEPENDS of
     lifeline_module(M ...) in libcommon/CMakeLists.txt. The declaration must be direct: a module
     that uses O names it, even when another dependency would bring O along, so the DEPENDS line
     says what the module's code uses.
  2. A module declares no module it never includes (the declarations match the code).
  3. A file of libcommon/src/M/ includes no private header of another module's src/ folder.
  4. A tool (tools/T/) includes no header of another tool (tools/O/): what two tools share
     lives in libcommon.
  5. Every libcommon/src/M/ and libcommon/include/lifeline/M/ is a declared module, and every
     <lifeline/M/...> included names one.
  6. Third-party headers (toml++, yaml-cpp, SQLite, hiredis, libsodium, CLI11) are included only
     by modules that list their library in LIBRARIES.

Exit 0 when every rule holds; 1 with one line per violation (file:line: the include, the rule,
how to fix); 2 when the build file cannot be read. Reads files only: no build needed.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
MODULE_CALL = re.compile(r'^\s*lifeline_module\s*\(', re.MULTILINE)
SOURCE_SUFFIXES = ('.cpp', '.hpp', '.h', '.cc', '.in')

# Third-party header prefix -> the target a module must list in LIBRARIES to include it.
THIRD_PARTY = {
    'toml++/': 'lifeline::dep::tomlplusplus',
    'yaml-cpp/': 'lifeline::dep::yaml_cpp',
    'sqlite3.h': 'lifeline::dep::sqlite3',
    'hiredis/': 'lifeline::dep::hiredis',
    'sodium.h': 'lifeline::dep::sodium',
    'sodium/': 'lifeline::dep::sodium',
    'CLI/': 'CLI11::CLI11',
}


class Module:
    def __init__(self, name, line, depends, libraries):
        self.name = name
        self.line = line
        self.depends = depends
        self.libraries = libraries


def strip_comment(line):
    return line.split('#', 1)[0]


def parse_modules(cmake_path):
    """{name: Module} from every lifeline_module(name DEPENDS ... LIBRARIES ...) call."""
    with open(cmake_path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    modules = {}
    i = 0
    while i < len(lines):
        if not MODULE_CALL.match(lines[i]):
            i += 1
            continue
        start = i
        text = strip_comment(lines[i])
        while text.count('(') > text.count(')') and i + 1 < len(lines):
            i += 1
            text += ' ' + strip_comment(lines[i])
        words = text[text.index('(') + 1:text.rindex(')')].split()
        name, section = words[0], None
        depends, libraries = [], []
        for word in words[1:]:
            if word in ('DEPENDS', 'LIBRARIES'):
                section = word
            elif section == 'DEPENDS':
                depends.append(word)
            elif section == 'LIBRARIES':
                libraries.append(word)
        modules[name] = Module(name, start + 1, depends, libraries)
        i += 1
    return modules


def source_files(folder):
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(root, name)


def includes(path):
    """(line number, '<' or '"', included path) for every #include of the file."""
    with open(path, encoding='utf-8', errors='replace') as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1), match.group(2)


def module_files(root, module):
    for folder in (os.path.join(root, 'libcommon', 'src', module),
                   os.path.join(root, 'libcommon', 'include', 'lifeline', module)):
        if os.path.isdir(folder):
            yield from source_files(folder)


def check_modules(root, modules, cmake_rel):
    problems = []
    src_root = os.path.join(root, 'libcommon', 'src')
    for module in modules.values():
        declared = set(module.depends)
        used = set()
        for path in module_files(root, module.name):
            rel = os.path.relpath(path, root)
            for number, kind, target in includes(path):
                where = f'{rel}:{number}: #include {kind}{target}{">" if kind == "<" else kind}'
                parts = target.split('/')
                if len(parts) > 2 and parts[0] == 'lifeline':
                    other = parts[1]
                    if other == module.name:
                        continue
                    if other not in modules:
                        problems.append(
                            f'{where}: no module {other} is declared. Fix: declare it with '
                            f'lifeline_module({other} DEPENDS ...) in {cmake_rel}')
                        continue
                    used.add(other)
                    if other not in declared:
                        problems.append(
                            f'{where}: module {module.name} includes module {other}, which it '
                            f'does not declare. Fix: add {other} to DEPENDS of '
                            f'lifeline_module({module.name}) in {cmake_rel}:{module.line} if '
                            f'{module.name} may sit above {other} (docs/architecture.md), else '
                            f'move the code to the module that may use it')
                    continue
                for prefix, library in THIRD_PARTY.items():
                    if target.startswith(prefix) and library not in module.libraries:
                        problems.append(
                            f'{where}: module {module.name} includes a header of {library}, '
                            f'which it does not list. Fix: add {library} to LIBRARIES of '
                            f'lifeline_module({module.name}) in {cmake_rel}:{module.line}, or '
                            f'move the code to the module that owns that library')
                if kind == '"' and path.startswith(src_root + os.sep):
                    resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
                    owner = os.path.relpath(resolved, src_root).split(os.sep)[0]
                    if owner != module.name and owner in modules and os.path.exists(resolved):
                        problems.append(
                            f'{where}: a private header of module {owner}. Fix: make it a '
                            f'public header of {owner} (libcommon/include/lifeline/{owner}/) and '
                            f'declare {owner}, or move the code into {module.name}')
        for unused in sorted(declared - used):
            problems.append(
                f'{cmake_rel}:{module.line}: module {module.name} declares {unused} but none of '
                f'its files includes <lifeline/{unused}/...>. Fix: remove {unused} from DEPENDS '
                f'of lifeline_module({module.name})')
    return problems


def check_folders(root, modules, cmake_rel):
    """Every libcommon/src/<m>/ and include/lifeline/<m>/ belongs to a declared module."""
    problems = []
    for folder in ('libcommon/src', 'libcommon/include/lifeline'):
        path = os.path.join(root, folder)
        for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
            if os.path.isdir(os.path.join(path, name)) and name not in modules:
                problems.append(
                    f'{folder}/{name}/: a module folder without a module. Fix: declare it with '
                    f'lifeline_module({name} DEPENDS ...) in {cmake_rel}')
    return problems


def check_tools(root):
    problems = []
    tools_root = os.path.join(root, 'tools')
    if not os.path.isdir(tools_root):
        return problems
    tools = sorted(name for name in os.listdir(tools_root)
                   if os.path.isdir(os.path.join(tools_root, name)))
    for tool in tools:
        tool_dir = os.path.join(tools_root, tool)
        for path in source_files(tool_dir):
            rel = os.path.relpath(path, root)
            for number, kind, target in includes(path):
                if kind != '"':
                    continue
                local = os.path.normpath(os.path.join(os.path.dirname(path), target))
                if os.path.exists(local):
                    owner = os.path.relpath(local, tools_root).split(os.sep)[0]
                    if owner == tool or owner.startswith('..'):
                        continue
                    owners = [owner]
                else:
                    # Found through another tool's include directory (its <tool>_lib).
                    owners = [other for other in tools if other != tool and
                              os.path.exists(os.path.join(tools_root, other, target))]
                for owner in owners:
                    problems.append(
                        f'{rel}:{number}: #include "{target}": tool {tool} includes a header of '
                        f'tool {owner} (tools/{owner}/{target}). Fix: move what both tools use '
                        f'into a libcommon module and include it as <lifeline/<module>/...>')
    return problems


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    cmake_rel = os.path.join('libcommon', 'CMakeLists.txt')
    try:
        modules = parse_modules(os.path.join(root, cmake_rel))
    except OSError as error:
        print(f'check-layering: error: {error}', file=sys.stderr)
        return 2
    if not modules:
        print(f'check-layering: error: no lifeline_module() in {cmake_rel}', file=sys.stderr)
        return 2
    problems = (check_folders(root, modules, cmake_rel) + check_modules(root, modules, cmake_rel) +
                check_tools(root))
    for problem in problems:
        print(problem)
    if problems:
        print(f'check-layering: {len(problems)} violation(s) of the layering '
              f'(docs/architecture.md, "Modules and layers")', file=sys.stderr)
        return 1
    print(f'check-layering: ok ({len(modules)} modules, their includes and the tools\' match '
          f'{cmake_rel})')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
