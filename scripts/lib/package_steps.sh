# shellcheck shell=bash
# The steps scripts/package.sh and scripts/package-cross.sh share, sourced by both (bash).
# The caller defines die (print and exit 1) and passes everything else as arguments.

# Libraries every glibc-based runner has (scripts/check-portable.sh holds the same list).
package_base_libraries='^(libc|libm|libdl|libpthread|librt|libgcc_s|libstdc\+\+|libssl|libcrypto|libz|libbrotli(dec|enc|common)|ld-linux-[a-z0-9_-]+)\.so'

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
            [[ "$library" =~ $package_base_libraries || -e "$stage/lib/$library" ]] && continue
            path=$("$locate" "$stage/bin/$tool" "$library")
            [[ -f "$path" ]] || die "$tool needs $library, which is not found on this machine"
            cp -L "$path" "$stage/lib/$library"
            "$strip" --strip-unneeded "$stage/lib/$library"
            chmod 0644 "$stage/lib/$library"
        done < <(readelf -d --wide "$stage/bin/$tool" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
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
