#!/usr/bin/env bash
# Builds lifeline's release assets for this machine's architecture, exactly as the release
# workflow (.github/workflows/release.yml) does:
#   dist/lifeline-<version>-linux-<arch>.tar.gz   bin/ (the seven tools), lib/ (bundled shared
#                                                 libraries), share/lifeline/ (the drill,
#                                                 provider-sim's scenarios), README.md
#   dist/lifeline_<version>_<debarch>.deb          CPack's Debian package
#   dist/SHA256SUMS                                sha256sum of every asset
# The tarball is checked with scripts/check-portable.sh (glibc >= 2.35 runners).
#
#   scripts/package.sh [--out DIR] [--build-dir DIR] [--no-build] [--with-tests] [--no-deb]
#
#   --out DIR        where the assets go (default dist/); existing assets of this version are
#                    replaced
#   --build-dir DIR  the CMake build to package (default build-package/, a Release build with
#                    LIFELINE_PORTABLE, configured here when it does not exist yet)
#   --no-build       package DIR as it is (it must have been built)
#   --with-tests     also build the unit tests (the release workflow runs them)
#   --no-deb         the tarball only
# Exit 0 on success, 1 when a step fails (its output on stderr), 2 on bad usage.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo_root/dist
build_dir=$repo_root/build-package
build=1 with_tests=OFF make_deb=1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while (($# > 0)); do
    case $1 in
        --out) out=$(realpath -m "${2:?--out needs a directory}"); shift 2 ;;
        --build-dir) build_dir=$(realpath -m "${2:?--build-dir needs a directory}"); shift 2 ;;
        --no-build) build=0; shift ;;
        --with-tests) with_tests=ON; shift ;;
        --no-deb) make_deb=0; shift ;;
        -h | --help) usage ;;
        *) echo "package: unknown argument '$1'" >&2; usage ;;
    esac
done

# shellcheck source=lib/package_steps.sh
source "$repo_root/scripts/lib/package_steps.sh"
say() { printf 'package: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

tools=("${package_tools[@]}")
version=$(project_version "$repo_root")
[[ -n "$version" ]] || die "no 'project(lifeline VERSION x.y.z' line in CMakeLists.txt"
case $(uname -m) in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) die "unsupported architecture $(uname -m): release assets exist for x86_64 and aarch64" ;;
esac
name=lifeline-$version-linux-$arch

if ((build)); then
    if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
        generator=()
        if command -v ninja >/dev/null; then generator=(-G Ninja); fi
        say "configuring $build_dir (Release, portable)"
        cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
            -DLIFELINE_PORTABLE=ON -DLIFELINE_BUILD_TESTS="$with_tests" -DLIFELINE_BUILD_BENCH=OFF \
            >/dev/null
    fi
    targets=("${tools[@]}")
    if [[ "$with_tests" == ON ]]; then targets+=(unit_tests); fi
    say "building ${targets[*]}"
    cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}" >&2
fi
grep -q '^LIFELINE_PORTABLE:BOOL=ON' "$build_dir/CMakeCache.txt" ||
    die "$build_dir is not a LIFELINE_PORTABLE build: its binaries would not run on older runners"
! grep -q '^LIFELINE_SANITIZE:BOOL=ON' "$build_dir/CMakeCache.txt" ||
    die "$build_dir is a sanitizer build: package a normal one"

work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/$name

# 1. The install tree, stripped.
stage_install "$build_dir" "$stage" "${tools[@]}"

# 2. Bundle the shared libraries the tools need that a stock runner lacks (Debian ships
#    simdjson and cpp-httplib only as shared objects).
locate_with_ldd() { ldd "$1" | awk -v lib="$2" '$1 == lib { print $3 }'; }
bundle_libraries "$stage" locate_with_ldd strip "${tools[@]}"

# 3. It runs here, and it would run on an older runner.
for tool in "${tools[@]}"; do
    got=$("$stage/bin/$tool" --version) || die "$tool --version exited $?"
    [[ "$got" == "$tool $version" ]] || die "$tool --version printed '$got', expected '$tool $version'"
done
"$repo_root/scripts/check-portable.sh" "$stage" >&2

# 4. The tarball.
tarball=$(write_tarball "$stage" "$out")
say "$(basename "$tarball"): $(du -h "$tarball" | cut -f1)"

# 5. CPack's .deb from the same build.
if ((make_deb)); then
    command -v dpkg-shlibdeps >/dev/null || die "dpkg-shlibdeps not found (install dpkg-dev) or use --no-deb"
    (cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/deb") \
        >"$work/cpack.log" 2>&1 || die "cpack: $(tail -15 "$work/cpack.log")"
    debs=("$work"/deb/lifeline_"$version"_*.deb)
    [[ -f "${debs[0]}" ]] || die "cpack made no lifeline_${version}_*.deb"
    mv "${debs[0]}" "$out/"
    say "$(basename "${debs[0]}")"
fi

# 6. Checksums of every asset in --out.
(cd "$out" && find . -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.deb' \) -printf '%f\n' |
    sort | xargs -r sha256sum >SHA256SUMS.partial && mv SHA256SUMS.partial SHA256SUMS)
say "SHA256SUMS: $(wc -l <"$out/SHA256SUMS") asset(s) in $out"
