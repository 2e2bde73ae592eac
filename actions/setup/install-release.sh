#!/usr/bin/env bash
# Installs a prebuilt lifeline release (the setup action's default mode; usable on its own):
# download the tarball for this machine's architecture and the release's SHA256SUMS, verify,
# unpack into the tool cache, add bin/ to PATH. A verified install is reused without a download.
#
#   $RUNNER_TOOL_CACHE/lifeline/<version>/<arch>/{bin,lib,share,README.md,.complete}
#
# Inputs (environment; empty = default):
#   INPUT_VERSION      x.y.z[-suffix] or v-prefixed (default: the version of the action's ref,
#                      GITHUB_ACTION_REF like v0.1.0, else project(lifeline VERSION ...) in the
#                      CMakeLists.txt two levels above this script)
#   INPUT_BASE_URL     where releases live: <base-url>/v<version>/<asset> (default
#                      ${GITHUB_SERVER_URL:-https://github.com}/<repo>/releases/download)
#   INPUT_SHA256       a pinned sha256 of the tarball, checked on top of SHA256SUMS
#   INPUT_VERIFY_ATTESTATION  false: skip `gh attestation verify` (default true, when gh exists)
#   LIFELINE_ACTION_REF / LIFELINE_ACTION_REPOSITORY  the action's ref and owner/repo (action.yml
#                      passes them: GITHUB_ACTION_REF/_REPOSITORY are empty in composite steps,
#                      and are used when set); the repo defaults to $default_repo
#   RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT as the runner sets them
# Outputs: bin-dir, version, cache-hit (true|false), source (release).
# Exit 0 installed; 1 download, verification or unpack failed (nothing installed); 2 bad input
# or a platform without prebuilt binaries (macOS, musl, other architectures).
set -euo pipefail

# The repository releases come from when the action's own repository is unknown (a local
# `uses: ./actions/setup`, or this script run by hand): replace it in a fork, or set base-url.
readonly default_repo=your-org/lifeline
# The same list as setup.sh: every tool the tarball's bin/ must hold.
readonly tools=(probe-endpoint pick-provider run-with-failover failover-proxy budget-check rotate-keys provider-sim)

say() { printf 'lifeline setup: %s\n' "$*" >&2; }
fail() {
    local code=$1
    shift
    echo "::error title=lifeline setup::$*"
    exit "$code"
}
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# Sets arch (x86_64 | aarch64), or refuses a platform the release has no binaries for.
detect_platform() {
    local os machine libc
    os=$(uname -s)
    machine=$(uname -m)
    local fix="set build-from-source: true to build lifeline on this runner instead"
    if [[ "$os" == Darwin ]]; then
        fail 2 "no prebuilt lifeline for macOS: releases hold Linux (glibc) binaries only; $fix"
    fi
    [[ "$os" == Linux ]] || fail 2 "no prebuilt lifeline for $os: releases hold Linux binaries only; $fix"
    case "$machine" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) fail 2 "no prebuilt lifeline for $machine: releases hold x86_64 and aarch64 binaries; $fix" ;;
    esac
    libc=""
    if command -v ldd >/dev/null 2>&1; then libc=$(ldd --version 2>&1 || true); fi
    if [[ "$libc" == *musl* ]] || compgen -G '/lib/ld-musl-*' >/dev/null; then
        fail 2 "the prebuilt lifeline needs glibc and this system uses musl (Alpine?); use a glibc-based image (Debian, Ubuntu) or $fix"
    fi
}

# Sets version from the input, the action's ref, or the action's own CMakeLists.txt.
resolve_version() {
    local ref=${LIFELINE_ACTION_REF:-${GITHUB_ACTION_REF:-}} action_dir cmake_file
    version=${INPUT_VERSION:-}
    if [[ -z "$version" && "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
        version=$ref
    fi
    if [[ -z "$version" ]]; then
        action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
        cmake_file=$action_dir/../../CMakeLists.txt
        if [[ -f "$cmake_file" ]]; then
            version=$(sed -nE 's/^[[:space:]]*project\([[:space:]]*lifeline[[:space:]]+VERSION[[:space:]]+([^[:space:])]+).*/\1/p' "$cmake_file" | head -n 1)
        fi
        [[ -n "$version" ]] || fail 2 "cannot tell which lifeline version to install (the action's ref '${ref}' is not a release tag): set the version input, e.g. version: 0.1.0"
    fi
    version=${version#v}
    if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z][0-9A-Za-z.-]*)?$ ]]; then
        fail 2 "version '${INPUT_VERSION:-$version}' is not a lifeline version: expected x.y.z or x.y.z-suffix (release tags are v<version>)"
    fi
}

# Sets repo and base_url; warns when checksums would travel over plain http.
resolve_source() {
    repo=${LIFELINE_ACTION_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-$default_repo}}
    base_url=${INPUT_BASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download}
    base_url=${base_url%/}
    if [[ "$base_url" == http://* && ! "$base_url" =~ ^http://(127\.0\.0\.1|localhost|\[::1\])(:|/|$) ]]; then
        say "warning: $base_url is plain http: SHA256SUMS proves nothing against a tampering network; pin the sha256 input or use https"
    fi
}

# download URL FILE HINT: fails with the URL, and HINT after a 404. Plain http is allowed for
# mirrors and tests; redirects must stay on https.
download() {
    local url=$1 file=$2 hint=$3 status code=0
    status=$(curl --fail --silent --show-error --location --retry 3 --connect-timeout 20 \
        --proto '=https,http' --proto-redir '=https' --write-out '%{http_code}' \
        --output "$file" "$url") || code=$?
    ((code == 0)) && return
    if [[ "$status" == 404 ]]; then
        fail 1 "$url: 404 Not Found: $hint"
    fi
    fail 1 "cannot download $url (curl exit $code, HTTP ${status:-none})"
}

# Sets expected: the asset's line in SHA256SUMS (before the download: no line, no binaries
# for this architecture in the release).
read_expected() {
    local sums=$1 asset=$2
    expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print tolower($1); exit }' "$sums")
    if [[ ! "$expected" =~ ^[0-9a-f]{64}$ ]]; then
        fail 1 "the SHA256SUMS of release v$version has no line for $asset: the release has no prebuilt binaries for $arch (or is incomplete); nothing installed"
    fi
}

# Sets sha to the tarball's sha256 after checking it against SHA256SUMS and the pin.
verify_checksum() {
    local tarball=$1 asset
    asset=$(basename "$tarball")
    sha=$(sha256sum "$tarball" | cut -d ' ' -f 1)
    if [[ "$sha" != "$expected" ]]; then
        fail 1 "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $sha. It was corrupted or tampered with; nothing installed"
    fi
    if [[ -n "$pin" && "$sha" != "$pin" ]]; then
        fail 1 "checksum mismatch for $asset: the sha256 input pins $pin, the download (and the release's SHA256SUMS) is $sha; nothing installed"
    fi
    say "$asset: sha256 $sha verified against SHA256SUMS${pin:+ and the sha256 input}"
}

# Provenance: the release workflow attests every tarball; gh checks it when it is installed.
verify_attestation() {
    local tarball=$1
    if [[ "${INPUT_VERIFY_ATTESTATION:-true}" == false ]]; then
        say "provenance attestation not verified (verify-attestation: false)"
    elif ! command -v gh >/dev/null 2>&1; then
        say "gh is not installed: the provenance attestation was not verified (the checksums were)"
    elif ! gh attestation verify "$tarball" --repo "$repo" >&2; then
        fail 1 "gh attestation verify found no valid provenance for $(basename "$tarball") from $repo; nothing installed (verify-attestation: false skips this check, e.g. for a mirror without access to GitHub)"
    fi
}

# Unpacks into the cache's parent, checks the tree runs here, then moves it into place in one
# rename; the marker (the verified sha256) is written last, so a half-done install is a miss.
install_tree() {
    local tarball=$1 parent staging top tool ran
    parent=$(dirname "$cache_dir")
    mkdir -p "$parent"
    staging=$(mktemp -d "$parent/.unpack-$arch.XXXXXX")
    cleanup+=("$staging")
    tar -xzf "$tarball" -C "$staging" --no-same-owner ||
        fail 1 "cannot unpack $(basename "$tarball"); nothing installed"
    top=$staging/lifeline-$version-linux-$arch
    [[ -d "$top/bin" ]] || fail 1 "$(basename "$tarball") has no lifeline-$version-linux-$arch/bin; nothing installed"
    for tool in "${tools[@]}"; do
        [[ -x "$top/bin/$tool" ]] || fail 1 "$(basename "$tarball") lacks bin/$tool; nothing installed"
    done
    ran=$("$top/bin/run-with-failover" --version 2>&1) ||
        fail 1 "the unpacked run-with-failover does not run here: ${ran}; nothing installed"
    [[ "$ran" == "run-with-failover ${version%%-*}" ]] ||
        fail 1 "the v$version tarball holds '$ran'; nothing installed"
    rm -rf "$cache_dir" # an unfinished earlier install (no marker)
    if ! mv -T "$top" "$cache_dir" 2>/dev/null; then
        [[ -f "$cache_dir/.complete" ]] || fail 1 "cannot move the unpacked tree to $cache_dir"
        say "another job installed $cache_dir meanwhile; using it"
        return
    fi
    printf '%s\n' "$sha" >"$cache_dir/.complete.tmp"
    mv -f "$cache_dir/.complete.tmp" "$cache_dir/.complete"
}

# A cache hit needs the marker, and (when the sha256 input pins one) the same tarball.
cached() {
    local marker=$cache_dir/.complete recorded
    [[ -f "$marker" ]] || return 1
    recorded=$(head -n 1 "$marker")
    if [[ -n "$pin" && "$recorded" != "$pin" ]]; then
        say "the cached lifeline $version came from sha256 $recorded, not the pinned $pin: downloading again"
        return 1
    fi
}

publish() {
    local hit=$1
    echo "$cache_dir/bin" >>"${GITHUB_PATH:-/dev/null}"
    output bin-dir "$cache_dir/bin"
    output version "$version"
    output cache-hit "$hit"
    output source release
    local how=downloaded
    [[ "$hit" == true ]] && how="from the tool cache"
    say "lifeline $version ($arch) in $cache_dir/bin ($how)"
}

check_inputs() {
    case "${INPUT_VERIFY_ATTESTATION:-true}" in
        true | false) ;;
        *) fail 2 "input verify-attestation must be true or false, got '${INPUT_VERIFY_ATTESTATION}'" ;;
    esac
    pin=${INPUT_SHA256:-}
    pin=${pin,,}
    if [[ -n "$pin" && ! "$pin" =~ ^[0-9a-f]{64}$ ]]; then
        fail 2 "input sha256 must be 64 hex digits (as sha256sum prints them), got '${INPUT_SHA256}'"
    fi
    local needed
    for needed in curl sha256sum tar; do
        command -v "$needed" >/dev/null 2>&1 || fail 2 "$needed is needed to install a release; install it, or set build-from-source: true"
    done
}

main() {
    local arch pin version repo base_url cache_dir expected sha work asset
    detect_platform # first: it also refuses macOS, whose /bin/bash is 3.2
    check_inputs
    cleanup=()
    trap 'rm -rf "${cleanup[@]}"' EXIT
    resolve_version
    cache_dir=${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/lifeline/$version/$arch
    if cached; then
        publish true
        return
    fi
    resolve_source
    asset=lifeline-$version-linux-$arch.tar.gz
    work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/lifeline-release.XXXXXX")
    cleanup+=("$work")
    say "downloading $base_url/v$version/$asset"
    download "$base_url/v$version/SHA256SUMS" "$work/SHA256SUMS" \
        "lifeline $version may not exist (no release v$version there); check the version input (and base-url for a mirror)"
    read_expected "$work/SHA256SUMS" "$asset"
    download "$base_url/v$version/$asset" "$work/$asset" \
        "release v$version lists $asset in SHA256SUMS but does not serve it (an unfinished upload?)"
    verify_checksum "$work/$asset"
    verify_attestation "$work/$asset"
    install_tree "$work/$asset"
    publish false
}

main "$@"
