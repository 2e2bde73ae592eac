#!/usr/bin/env bash
# scripts/package.sh on an existing build, then the tarball as a user gets it:
#   package_tarball_it.sh REPO BUILD_DIR OUT_DIR VERSION
# 1. package.sh --no-build --no-deb writes OUT_DIR/lifeline-VERSION-linux-ARCH.tar.gz and a
#    SHA256SUMS that verifies;
# 2. the tarball holds one top directory, files owned by root, bin/ lib/ share/ README.md;
# 3. unpacked into an empty directory: scripts/check-portable.sh passes, the bundled C++
#    libraries resolve inside the tree (RUNPATH), every tool prints its version;
# 4. check-portable.sh refuses a tree missing a bundled library and a binary that needs glibc
#    2.36 (so the check above can fail);
# 5. the failover drill runs from the unpacked tree (share/lifeline/demo.sh, bundled agent).
# Exit 0 pass, 1 fail.
set -uo pipefail
repo=$1 build_dir=$2 out=$3 version=$4
tools=(probe-endpoint pick-provider run-with-failover failover-proxy budget-check rotate-keys provider-sim)
fail() { echo "package.tarball: FAILED: $*"; exit 1; }

case $(uname -m) in x86_64) arch=x86_64 ;; aarch64) arch=aarch64 ;; *) fail "arch $(uname -m)" ;; esac
name=lifeline-$version-linux-$arch
work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-package-it.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1.
rm -rf "$out"
"$repo/scripts/package.sh" --build-dir "$build_dir" --no-build --no-deb --out "$out" \
    >"$work/package.log" 2>&1 || fail "package.sh: $(tail -20 "$work/package.log")"
tarball=$out/$name.tar.gz
[[ -f "$tarball" ]] || fail "no $tarball; out: $(ls "$out")"
(cd "$out" && sha256sum --check --strict SHA256SUMS) >/dev/null || fail "SHA256SUMS does not verify"
grep -q "  $name.tar.gz$" "$out/SHA256SUMS" || fail "SHA256SUMS lacks the tarball: $(cat "$out/SHA256SUMS")"
echo "tarball: $(basename "$tarball"), $(stat -c %s "$tarball") bytes"

# 2.
listing=$(tar -tvzf "$tarball") || fail "tar -t"
while read -r mode owner _ _ _ path _; do
    [[ "$path" == "$name"/* || "$path" == "$name/" ]] || fail "entry outside $name/: $path"
    [[ "$owner" == 0/0 ]] || fail "entry not owned by root: $owner $path ($mode)"
done <<<"$listing"
for entry in bin/run-with-failover lib/ share/lifeline/demo.sh share/lifeline/drill/agent.sh \
    share/lifeline/provider-sim/scenarios/drill-fleet.yaml README.md; do
    grep -q " $name/$entry\$" <<<"$listing" || fail "tarball lacks $entry"
done

# 3.
mkdir "$work/empty"
tar -C "$work/empty" -xzf "$tarball" || fail "unpack"
tree=$work/empty/$name
"$repo/scripts/check-portable.sh" "$tree" || fail "check-portable.sh refused the tree"
for tool in budget-check failover-proxy provider-sim; do
    while read -r library _ path _; do
        case $library in libsimdjson* | libcpp-httplib*)
            [[ "$path" == "$tree/bin/../lib/$library" ]] ||
                fail "$tool loads $library from $path, not from the tree's lib/" ;;
        esac
    done < <(env -u LD_LIBRARY_PATH ldd "$tree/bin/$tool")
done
for tool in "${tools[@]}"; do
    got=$(env -u LD_LIBRARY_PATH "$tree/bin/$tool" --version) || fail "$tool --version exited $?"
    [[ "$got" == "$tool $version" ]] || fail "$tool --version printed '$got'"
done

# 4.
cp -a "$tree" "$work/broken"
rm -f "$work/broken/lib/"libsimdjson*
refusal=$("$repo/scripts/check-portable.sh" "$work/broken" 2>&1) && fail "a missing bundled library passed"
grep -q "needs libsimdjson" <<<"$refusal" || fail "refusal does not name the library: $refusal"
if command -v cc >/dev/null; then
    rm -rf "$work/broken" && mkdir -p "$work/broken/bin"
    printf '#include <stdlib.h>\nint main(void) { return (int)(arc4random() & 1u); }\n' >"$work/new.c"
    if cc -o "$work/broken/bin/new-glibc" "$work/new.c" 2>/dev/null; then
        refusal=$("$repo/scripts/check-portable.sh" "$work/broken" 2>&1) && fail "a GLIBC_2.36 binary passed"
        grep -q "GLIBC_2.36" <<<"$refusal" || fail "refusal does not name GLIBC_2.36: $refusal"
    fi
fi

# 5.
bash "$repo/tests/integration/drill/check_drill.sh" --installed "$tree" bundled >"$work/drill.log" 2>&1 ||
    fail "the drill from the unpacked tree: $(tail -30 "$work/drill.log")"
echo "package.tarball: ok ($name.tar.gz; drill passed from the unpacked tree)"
