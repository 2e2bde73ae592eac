#!/usr/bin/env python3
"""Lines per function and long files in lifeline's C++ sources.

  scripts/function-sizes.py [--top N] [ROOT]

Reads libcommon/ and tools/ (*.cpp, *.hpp) under ROOT (default: the repository). A function is
a brace block opened at namespace or file level (or in a class body, for a member defined
inline) by a line with a parameter list; its lambdas count as part of it. Prints the longest
and the median function (lines from the signature's opening brace to the closing one), the N
longest, and the files over 300 lines. A reading aid, not a parser: macros that open blocks
may be counted as functions.
"""

import os
import re
import statistics
import sys

SCOPE = re.compile(r'^\s*(?:template\s*<.*>\s*)?(?:namespace|class|struct|union|enum)\b|^\s*extern\s+"C"')
# Comments and literals, in one left-to-right pass: "//" inside a string is no comment, and a
# quote inside a comment opens no string.
OPAQUE = re.compile(r'//[^\n]*|/\*(?:.|\n)*?\*/'
                    r'|R"(?P<delim>[^(]*)\((?:.|\n)*?\)(?P=delim)"'
                    r'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


def blank_out(text):
    """`text` with strings and comments replaced by spaces (newlines kept)."""
    def spaces(match):
        return re.sub(r'[^\n]', ' ', match.group(0))
    return OPAQUE.sub(spaces, text)


def functions(path):
    """[(name, first line, lines)] of the functions defined in `path`."""
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = blank_out(f.read()).split('\n')
    found = []
    stack = []  # one entry per open brace: 'scope', ('function', name, line) or 'block'
    pending = ''  # the text since the last ; { or }, to tell what a brace opens
    for number, line in enumerate(lines, 1):
        for char in line:
            if char == '{':
                inside_function = any(isinstance(entry, tuple) for entry in stack)
                if inside_function:
                    stack.append('block')
                elif SCOPE.search(pending.strip()) or '(' not in pending:
                    stack.append('scope')
                else:
                    signature = ' '.join(pending.split())
                    name = signature.split('(')[0].split()[-1] if signature.split('(')[0].split() else '?'
                    stack.append(('function', name, number))
                pending = ''
            elif char == '}':
                if stack:
                    entry = stack.pop()
                    if isinstance(entry, tuple):
                        found.append((entry[1], entry[2], number - entry[2] + 1))
                pending = ''
            elif char == ';':
                pending = ''
            else:
                pending += char
        pending += ' '
    return found


def main(argv):
    top = 10
    args = argv[1:]
    if args[:1] == ['--top']:
        top = int(args[1])
        args = args[2:]
    root = args[0] if args else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sizes = []
    long_files = []
    for folder in ('libcommon', 'tools'):
        for directory, _, names in os.walk(os.path.join(root, folder)):
            for name in sorted(names):
                if not name.endswith(('.cpp', '.hpp')):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root)
                with open(path, encoding='utf-8', errors='replace') as f:
                    count = sum(1 for _ in f)
                if count > 300:
                    long_files.append((count, relative))
                sizes += [(lines, f'{relative}:{first} {fn}') for fn, first, lines in functions(path)]
    if not sizes:
        print('no functions found', file=sys.stderr)
        return 1
    sizes.sort(reverse=True)
    print(f'functions: {len(sizes)}, lines per function: max {sizes[0][0]}, '
          f'median {statistics.median(s for s, _ in sizes):g}, '
          f'over 60 lines: {sum(1 for s, _ in sizes if s > 60)}')
    for lines, where in sizes[:top]:
        print(f'  {lines:5d}  {where}')
    print(f'files over 300 lines: {len(long_files)}')
    for count, relative in sorted(long_files, reverse=True):
        print(f'  {count:5d}  {relative}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
