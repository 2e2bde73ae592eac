#!/usr/bin/env bash
# Checks that an unpacked lifeline tree runs on a stock glibc-based CI runner from Ubuntu 22.04
# (glibc 2.35, libstdc++ of gcc 12) on:
#   - no ELF file in bin/ or lib/ needs a GLIBC symbol version newer than 2.35 (nor
#     GLIBC_ABI_DT_RELR, the packed relocations of glibc 2.36), GLIBCXX newer than 3.4.30 or
#     CXXABI newer than 1.3.13;
#   - every library a file NEEDs is a base library of such a runner or is bundled in lib/.
#
#   scripts/check-portable.sh TREE      # TREE holds bin/ (and lib/)
#
# Prints one line per file (newest versions, what it needs). Exit 0 when portable, 1 when not
# (each problem on stderr), 2 on bad usage. Needs readelf (binutils).
set -euo pipefail

max_glibc=2.35
max_glibcxx=3.4.30
max_cxxabi=1.3.13
# The base libraries of a stock runner and the NEEDED reader, shared with scripts/package.sh.
# shellcheck source=lib/package_steps.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/package_steps.sh"

if (($# != 1)) || [[ ! -d "$1/bin" ]]; then
    echo "usage: check-portable.sh TREE   (TREE holds bin/ and, optionally, lib/)" >&2
    exit 2
fi
tree=$1
command -v readelf >/dev/null || { echo "check-portable: readelf not found (install binutils)" >&2; exit 2; }

problems=0
problem() { echo "check-portable: $*" >&2; problems=$((problems + 1)); }

# newer A B: true when version A is newer than version B.
newer() { [[ "$1" != "$2" && "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" == "$1" ]]; }

newest() {  # newest PREFIX FILE: the newest PREFIX_x.y version FILE needs, or "-"
    readelf -V --wide "$2" 2>/dev/null | grep -o "Name: $1_[0-9.]*" | sed "s/Name: $1_//" |
        sort -V | tail -1 | grep . || echo -
}

bundled=" "
if [[ -d "$tree/lib" ]]; then
    for library in "$tree"/lib/*; do
        [[ -e "$library" ]] && bundled+="$(basename "$library") "
    done
fi

checked=0
for file in "$tree"/bin/* "$tree"/lib/*; do
    [[ -f "$file" ]] || continue
    [[ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" == '177ELF' ]] || continue
    checked=$((checked + 1))
    name=${file#"$tree"/}
    glibc=$(newest GLIBC "$file")
    glibcxx=$(newest GLIBCXX "$file")
    cxxabi=$(newest CXXABI "$file")
    needed=$(needed_libraries "$file" | tr '\n' ' ')
    printf '%-28s GLIBC %-5s GLIBCXX %-7s needs: %s\n' "$name" "$glibc" "$glibcxx" "${needed:-nothing}"
    if [[ "$glibc" != - ]] && newer "$glibc" "$max_glibc"; then
        problem "$name needs GLIBC_$glibc (newest allowed: $max_glibc); build with -DLIFELINE_PORTABLE=ON"
    fi
    if readelf -V --wide "$file" | grep -q "GLIBC_ABI_DT_RELR"; then
        problem "$name uses packed relative relocations (GLIBC_ABI_DT_RELR, glibc 2.36)"
    fi
    if [[ "$glibcxx" != - ]] && newer "$glibcxx" "$max_glibcxx"; then
        problem "$name needs GLIBCXX_$glibcxx (newest allowed: $max_glibcxx)"
    fi
    if [[ "$cxxabi" != - ]] && newer "$cxxabi" "$max_cxxabi"; then
        problem "$name needs CXXABI_$cxxabi (newest allowed: $max_cxxabi)"
    fi
    for library in $needed; do
        if ! is_base_library "$library" && [[ "$bundled" != *" $library "* ]]; then
            problem "$name needs $library, which is neither a base library of a stock runner nor bundled in lib/"
        fi
    done
done
((checked > 0)) || problem "no ELF file in $tree/bin"

if ((problems > 0)); then
    echo "check-portable: $tree is NOT portable ($problems problem(s))" >&2
    exit 1
fi
echo "check-portable: $tree runs on glibc >= $max_glibc with libstdc++ >= GLIBCXX_$max_glibcxx ($checked files)"
