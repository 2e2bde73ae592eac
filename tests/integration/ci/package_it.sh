#!/usr/bin/env bash
# `cmake --install` into a temp prefix and CPack's .deb: every tool is installed under the prefix
# (nothing outside it), the package has its metadata and shared-library Depends, and the
# binaries extracted from it with dpkg-deb run (--version).
#   package_it.sh BUILD_DIR VERSION TOOL...
# Exit 0 pass, 1 fail, 77 skip (cpack/dpkg-deb/dpkg-shlibdeps missing, unless LIFELINE_REQUIRE_E2E=1).
set -uo pipefail
build_dir=$1 version=$2
shift 2
tools=("$@")

fail() { echo "ci.package: FAILED: $*"; exit 1; }
for needed in cmake cpack dpkg-deb dpkg-shlibdeps; do
    if ! command -v "$needed" >/dev/null; then
        if [[ "${LIFELINE_REQUIRE_E2E:-0}" == 1 ]]; then fail "$needed not installed (dpkg-dev)"; fi
        echo "SKIP: $needed not installed"
        exit 77
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-ci-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. cmake --install into a temp prefix: everything lands inside it.
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1 ||
    fail "cmake --install: $(tail -5 "$work/install.log")"
while IFS= read -r installed; do
    [[ "$installed" == "$prefix"/* ]] || fail "installed outside the prefix: $installed"
done <"$build_dir/install_manifest.txt"
for tool in "${tools[@]}"; do
    [[ -x "$prefix/bin/$tool" ]] || fail "$tool not installed in $prefix/bin"
    got=$("$prefix/bin/$tool" --version) || fail "$tool --version exited $?"
    [[ "$got" == "$tool $version" ]] || fail "$tool --version printed '$got'"
done
[[ -f "$prefix/share/lifeline/provider-sim/scenarios/drill-fleet.yaml" ]] ||
    fail "provider-sim scenarios not under share/lifeline"

# 2. CPack's .deb. CPack first builds the tree's `preinstall` target (everything): on a fully
# built tree (CI) that is a no-op and the package is made exactly as `cpack` makes it. On a
# partly built developer tree it would mean a full build, so the install rules then run as a
# CPack install script instead (same rules, default prefix /usr/local, no build).
cpack_args=(-G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/pkg")
if ! cmake --build "$build_dir" -- -n 2>/dev/null | grep -q "no work to do"; then
    echo "note: $build_dir is not fully built; packaging without CPack's preinstall build"
    cpack_args+=(-D CPACK_INSTALL_CMAKE_PROJECTS= -D "CPACK_INSTALL_SCRIPTS=$build_dir/cmake_install.cmake")
fi
(cd "$work" && cpack "${cpack_args[@]}") >"$work/cpack.log" 2>&1 ||
    fail "cpack: $(tail -15 "$work/cpack.log")"
shopt -s nullglob
debs=("$work"/pkg/*.deb)
((${#debs[@]} == 1)) || fail "expected one .deb, got: ${debs[*]:-none}"
deb=${debs[0]}
[[ "$(basename "$deb")" == lifeline_${version}_*.deb ]] || fail "package file name $(basename "$deb")"
info=$(dpkg-deb --info "$deb") || fail "dpkg-deb --info"
grep -q "^ Package: lifeline$" <<<"$info" || fail "Package field: $info"
grep -q "^ Version: $version$" <<<"$info" || fail "Version field"
grep -q "^ Section: devel$" <<<"$info" || fail "Section field"
depends=$(grep "^ Depends:" <<<"$info") || fail "no Depends (dpkg-shlibdeps did not run)"
# libcurl4 is named by hand (it is loaded with dlopen, which dpkg-shlibdeps cannot see); the
# rest comes from dpkg-shlibdeps (yaml-cpp and SQLite are linked statically by default).
for library in libcurl4 libc6 libstdc++6; do
    grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
while IFS= read -r entry; do
    path=${entry##* }
    [[ "$path" == ./usr/* || "$path" == ./ || "$path" == ./usr/ ]] || fail "package file outside /usr: $path"
done < <(dpkg-deb --contents "$deb")

# 3. The packaged binaries run.
root=$work/root
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x"
bin=$root/usr/bin
[[ -d "$bin" ]] || bin=$root/usr/local/bin
for tool in "${tools[@]}"; do
    [[ -x "$bin/$tool" ]] || fail "$tool not in the package"
    got=$("$bin/$tool" --version) || fail "packaged $tool --version exited $?"
    [[ "$got" == "$tool $version" ]] || fail "packaged $tool --version printed '$got'"
done
[[ -f "$bin/../share/lifeline/provider-sim/scenarios/drill-fleet.yaml" ]] ||
    fail "provider-sim scenarios not packaged under share/lifeline"
echo "ci.package: ok ($(basename "$deb"); ${depends# })"
