#!/usr/bin/env bash
# Cross-builds lifeline's aarch64 release tarball on an x86_64 Debian 12 machine and runs it under
# qemu, to test the aarch64 asset here (the release workflow builds it natively, with
# scripts/package.sh). Same layout and checks as scripts/package.sh:
#   dist/lifeline-<version>-linux-aarch64.tar.gz   bin/, lib/ (bundled arm64 libraries),
#                                                  share/lifeline/, README.md, CHANGELOG.md
#   dist/SHA256SUMS                                its line added or refreshed, other lines kept
# Each tool's --version runs under qemu-aarch64-static; scripts/check-portable.sh checks the tree.
#
#   scripts/package-cross.sh [--out DIR] [--build-dir DIR] [--no-install] [--no-build]
#
#   --out DIR        where the tarball goes (default dist/)
#   --build-dir DIR  the CMake build to package (default build-package-aarch64/, a Release build
#                    configured here with cmake/toolchains/aarch64-linux-gnu.cmake)
#   --no-install     do not check for (or install) the Debian packages below
#   --no-build       package DIR as it is (it must have been built)
#
# Installs what is missing (idempotent; apt-get runs only then): the arm64 dpkg architecture,
# g++-aarch64-linux-gnu, qemu-user-static and the arm64 (multiarch) libraries of
# scripts/install-deps.sh's build packages. libyaml-cpp-dev and libsimdjson-dev are not
# Multi-Arch: same (their arm64 package would remove the host's), so their arm64 .debs are
# unpacked into /opt/lifeline-cross/aarch64-linux-gnu, which the toolchain file searches.
# Exit 0 on success, 1 when a step fails (its output on stderr), 2 on bad usage.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo_root/dist
build_dir=$repo_root/build-package-aarch64
install=1 build=1
arch=aarch64 triplet=aarch64-linux-gnu
toolchain=$repo_root/cmake/toolchains/$triplet.cmake
unpacked=/opt/lifeline-cross/$triplet   # as in the toolchain file
qemu=(qemu-aarch64-static -L "/usr/$triplet")

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while (($# > 0)); do
    case $1 in
        --out | --build-dir) (($# >= 2)) || { echo "package-cross: $1 needs a directory" >&2; usage; } ;;&
        --out) out=$(realpath -m "$2"); shift 2 ;;
        --build-dir) build_dir=$(realpath -m "$2"); shift 2 ;;
        --no-install) install=0; shift ;;
        --no-build) build=0; shift ;;
        -h | --help) usage ;;
        *) echo "package-cross: unknown argument '$1'" >&2; usage ;;
    esac
done

# shellcheck source=lib/package_steps.sh
source "$repo_root/scripts/lib/package_steps.sh"
say() { printf 'package-cross: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

tools=("${package_tools[@]}")
version=$(project_version "$repo_root")
[[ -n "$version" ]] || die "no 'project(lifeline VERSION x.y.z' line in CMakeLists.txt"
name=lifeline-$version-linux-$arch

work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-package-cross.XXXXXX")
trap 'rm -rf "$work"' EXIT

install_cross_packages() {
    local packages=("g++-$triplet" "binutils-$triplet" qemu-user-static cmake ninja-build pkg-config
        libcli11-dev nlohmann-json3-dev   # Multi-Arch: foreign, the host's serve
        libcurl4-openssl-dev:arm64 libssl-dev:arm64 libcpp-httplib-dev:arm64 libsqlite3-dev:arm64
        libhiredis-dev:arm64 libsodium-dev:arm64 libtomlplusplus-dev:arm64 libboost1.81-dev:arm64
        libyaml-cpp0.7:arm64 libsimdjson14:arm64)
    local unpack=(libyaml-cpp-dev:libyaml-cpp0.7 libsimdjson-dev:libsimdjson14)  # -dev:runtime
    local sudo_cmd=() missing=() package pair wanted=() debs
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    if ((${#missing[@]} > 0)); then
        say "installing Debian packages: ${missing[*]}"
        dpkg --print-foreign-architectures | grep -qx arm64 ||
            "${sudo_cmd[@]}" dpkg --add-architecture arm64
        "${sudo_cmd[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
            --no-install-recommends "${missing[@]}" >"$work/apt.log" 2>&1 ||
            die "apt-get install: $(tail -5 "$work/apt.log")"
    fi
    # The -dev packages at the installed runtime library's version, unpacked once.
    for pair in "${unpack[@]}"; do
        wanted+=("${pair%%:*}:arm64=$(dpkg-query -W -f='${Version}' "${pair#*:}:arm64")")
        wanted+=("${pair#*:}:arm64=$(dpkg-query -W -f='${Version}' "${pair#*:}:arm64")")
    done
    if [[ "$(cat "$unpacked/.packages" 2>/dev/null)" != "${wanted[*]}" ]]; then
        say "unpacking ${wanted[*]} into $unpacked"
        (cd "$work" && apt-get download -qq "${wanted[@]}") >"$work/download.log" 2>&1 ||
            die "apt-get download: $(tail -5 "$work/download.log")"
        "${sudo_cmd[@]}" rm -rf "$unpacked"
        "${sudo_cmd[@]}" mkdir -p "$unpacked"
        debs=("$work"/*.deb)
        for package in "${debs[@]}"; do "${sudo_cmd[@]}" dpkg-deb -x "$package" "$unpacked"; done
        echo "${wanted[*]}" | "${sudo_cmd[@]}" tee "$unpacked/.packages" >/dev/null
    fi
}

if ((install)); then
    SECONDS=0
    install_cross_packages
    say "cross toolchain and arm64 libraries: present (${SECONDS}s)"
fi

if ((build)); then
    SECONDS=0
    if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
        generator=()
        if command -v ninja >/dev/null; then generator=(-G Ninja); fi
        say "configuring $build_dir (Release, portable, $triplet)"
        cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
            -DCMAKE_BUILD_TYPE=Release -DLIFELINE_PORTABLE=ON -DLIFELINE_BUILD_TESTS=OFF \
            -DLIFELINE_BUILD_BENCH=OFF >"$work/configure.log" 2>&1 ||
            die "cmake configure: $(tail -15 "$work/configure.log")"
    fi
    say "building ${tools[*]}"
    cmake --build "$build_dir" --parallel "$(nproc)" --target "${tools[@]}" >&2
    say "built in ${SECONDS}s"
fi
grep -q "^CMAKE_TOOLCHAIN_FILE:.*$triplet.cmake" "$build_dir/CMakeCache.txt" ||
    die "$build_dir is not configured with $toolchain"
grep -q '^LIFELINE_PORTABLE:BOOL=ON' "$build_dir/CMakeCache.txt" ||
    die "$build_dir is not a LIFELINE_PORTABLE build: its binaries would not run on older runners"

stage=$work/$name

# 1. The install tree, stripped (CMake picks aarch64-linux-gnu-strip from the compiler's prefix).
stage_install "$build_dir" "$stage" "${tools[@]}"

# 2. Bundle every NEEDED library that is not a base library into lib/, as scripts/package.sh
#    does; ldd cannot run arm64 binaries, so the library is found by soname in the multiarch
#    directories.
locate_by_soname() {
    local dir
    for dir in "/usr/lib/$triplet" "/lib/$triplet" "/usr/$triplet/lib" "$unpacked/usr/lib/$triplet"; do
        if [[ -f "$dir/$2" ]]; then echo "$dir/$2"; return; fi
    done
}
bundle_libraries "$stage" locate_by_soname "$triplet-strip" "${tools[@]}"

# 3. It runs under qemu (libc and libstdc++ from /usr/aarch64-linux-gnu, the bundled libraries
#    through the RUNPATH $ORIGIN/../lib), and it would run on an older runner.
for tool in "${tools[@]}"; do
    got=$("${qemu[@]}" "$stage/bin/$tool" --version) || die "$tool --version under qemu exited $?"
    [[ "$got" == "$tool $version" ]] || die "$tool --version printed '$got', expected '$tool $version'"
    say "qemu: $got"
done
"$repo_root/scripts/check-portable.sh" "$stage" >&2

# 4. The tarball, as scripts/package.sh makes it.
tarball=$(write_tarball "$stage" "$out")
say "$(basename "$tarball"): $(du -h "$tarball" | cut -f1)"

# 5. SHA256SUMS: this tarball's line added or refreshed, the other assets' lines kept.
(cd "$out" && {
    if [[ -f SHA256SUMS ]]; then awk -v f="$name.tar.gz" '$2 != f && $2 != "*" f' SHA256SUMS; fi
    sha256sum "$name.tar.gz"
} | sort -k2 >SHA256SUMS.partial && mv SHA256SUMS.partial SHA256SUMS)
say "SHA256SUMS: $(wc -l <"$out/SHA256SUMS") asset(s) in $out"
