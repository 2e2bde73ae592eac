# shellcheck shell=bash
# The steps scripts/package.sh and scripts/package-cross.sh share, sourced by both (bash).
# The caller defines die (print and exit 1) and passes everything else as arguments;
# scripts/check-portable.sh uses the lists and readers only.

# The tools a release holds, in bin/.
# shellcheck disable=SC2034  # used by the scripts that source this file
package_tools=(probe-endpoint pick-provider run-with-failover failover-proxy budget-check rotate-keys
    provider-sim)

# Libraries every glibc-based Ubuntu/Debian runner image has (libc6, libgcc-s1, libstdc++6,
# libssl3, zlib1g, libbrotli1): a tool may NEED them without bundling them. libcurl.so.4 is not
# NEEDed by any tool: it is loaded with dlopen.
package_base_libraries=(libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1
    libstdc++.so.6 libssl.so.3 libcrypto.so.3 libz.so.1 libbrotlidec.so.1 libbrotlienc.so.1
    libbrotlicommon.so.1 ld-linux-x86-64.so.2 ld-linux-aarch64.so.1)

# is_base_library SONAME: true when SONAME is one of package_base_libraries.
is_base_library() { [[ " ${package_base_libraries[*]} " == *" $1 "* ]]; }

# needed_libraries FILE: the sonames FILE NEEDs (its dynamic section), one per line.
needed_libraries() { readelf -d --wide "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

# project_version REPO_ROOT: x.y.z from CMakeLists.txt's project(lifeline VERSION ...).
project_version() {
    sed -n 's/^project(lifeline VERSION \([0-9][0-9.]*\).*/\1/p' "$1/CMakeLists.txt"
}

# stage_install BUILD_DIR STAGE TOOL...: the build's install tree, stripped, into STAGE, with
# README.md and CHANGELOG.md; every TOOL must be in STAGE/bin.
stage_install() {
    local build_dir=$1 stage=$2 repo_root log tool
    shift 2
    repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    log=$(dirname "$stage")/install.log
    cmake --install "$build_dir" --prefix "$stage" --strip >"$log" 2>&1 ||
        die "cmake --install: $(tail -5 "$log")"
    for tool in "$@"; do
        [[ -x "$stage/bin/$tool" ]] || die "$tool was not installed (is $build_dir fully built?)"
    done
    cp "$repo_root/README.md" "$repo_root/CHANGELOG.md" "$stage/"
}

# bundle_libraries STAGE LOCATE STRIP TOOL...: copies every library a TOOL NEEDs that is not a
# base library into STAGE/lib (found through the RUNPATH $ORIGIN/../lib), stripped with STRIP.
# `LOCATE TOOL_PATH LIBRARY` prints where this machine has LIBRARY (nothing when it has not).
bundle_libraries() {
    local stage=$1 locate=$2 strip=$3 tool library path
    shift 3
    mkdir -p "$stage/lib"
    for tool in "$@"; do
        while IFS= read -r library; do
            if is_base_library "$library" || [[ -e "$stage/lib/$library" ]]; then continue; fi
            path=$("$locate" "$stage/bin/$tool" "$library")
            [[ -f "$path" ]] || die "$tool needs $library, which is not found on this machine"
            cp -L "$path" "$stage/lib/$library"
            "$strip" --strip-unneeded "$stage/lib/$library"
            chmod 0644 "$stage/lib/$library"
        done < <(needed_libraries "$stage/bin/$tool")
    done
}

# write_tarball STAGE OUT: OUT/<basename STAGE>.tar.gz with one top directory, files owned by
# root, a stable order and modification time (SOURCE_DATE_EPOCH, else the last commit's).
# Prints the tarball's path.
write_tarball() {
    local stage=$1 out=$2 name epoch tarball
    name=$(basename "$stage")
    mkdir -p "$out"
    epoch=${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "${BASH_SOURCE[0]}")" log -1 --format=%ct 2>/dev/null || date +%s)}
    tarball=$out/$name.tar.gz
    tar -C "$(dirname "$stage")" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
        -cf - "$name" | gzip -9n >"$tarball.partial"
    mv "$tarball.partial" "$tarball"
    echo "$tarball"
}
