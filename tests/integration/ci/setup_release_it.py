#!/usr/bin/env python3
"""Installs a lifeline release from a loopback HTTP server with actions/setup/install-release.sh
(the setup action's default mode) and with the GitLab components' before_script, and checks
what a user would notice: the right asset for the architecture, the checksum verified, working
binaries on PATH, the step outputs, a tampered tarball or a wrong sha256 pin refused with
nothing installed, a missing version named by its URL, the second install served from the tool
cache without a download, and a clear refusal on macOS, musl and other architectures (a fake
`uname` / `ldd` first on PATH). Prints how long one cold install (download + verify + unpack)
took.

  setup_release_it.py --source-dir REPO --dist DIR          # the assets scripts/package.sh made
  setup_release_it.py --source-dir REPO --bin TOOL=PATH...  # a small release made from these
Exit 0 pass, 1 fail. Standard library only; the GitLab part needs PyYAML and is skipped (with a
note) without it.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from release_fixture import (TOOLS, Release, ReleaseError, ReleaseServer, host_arch,  # noqa: E402
                             load_dist, make_release, sha256_file, tamper, tarball_name)

OTHER_ARCH = {"x86_64": "aarch64", "aarch64": "x86_64"}
# What `uname -m` prints for the host architecture on other systems (macOS, BSD).
ALIAS = {"x86_64": "amd64", "aarch64": "arm64"}
COMPONENTS = {"probe": "probe-endpoint", "pick": "pick-provider", "run": "run-with-failover",
              "budget": "budget-check", "rotate": "rotate-keys"}


class Fail(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Fail(message)


class Run:
    def __init__(self, code, log, outputs, path, requests, seconds):
        self.code, self.log, self.outputs, self.path = code, log, outputs, path
        self.requests, self.seconds = requests, seconds


class Bench:
    """One work directory, the server with the good and the tampered release, and the means to
    run the install script as a step of a fresh job would."""

    def __init__(self, args, work, release, server):
        self.args, self.work, self.release, self.server = args, work, release, server
        self.script = os.path.join(args.source_dir, "actions", "setup", "install-release.sh")
        self.arch = host_arch()
        self.tarball = tarball_name(release.version, self.arch)
        self.base_url = server.publish(release)
        self.tampered_url = server.publish(
            tamper(release, os.path.join(work, "tampered"), self.arch), "tampered")
        self.runs = 0

    def cache(self, name):
        return os.path.join(self.work, "toolcache-" + name)

    def installed(self, cache, arch=None):
        return os.path.join(cache, "lifeline", self.release.version, arch or self.arch)

    def fake_bin(self, name, scripts):
        """A directory of stand-ins (name -> shell script body) to put first on PATH."""
        directory = os.path.join(self.work, "fake-" + name)
        os.makedirs(directory, exist_ok=True)
        for tool, body in scripts.items():
            path = os.path.join(directory, tool)
            with open(path, "w") as f:
                f.write("#!/bin/sh\n" + body)
            os.chmod(path, 0o755)
        return directory

    def fake_uname(self, system="Linux", machine=None):
        real = shutil.which("uname")
        return self.fake_bin("uname-%s-%s" % (system, machine), {"uname": (
            'case "$1" in -s) echo %s ;; -m) echo %s ;; *) exec %s "$@" ;; esac\n'
            % (system, machine or self.arch, real))})

    def install(self, cache, inputs=None, env=None, fakes=()):
        """Runs install-release.sh with a job's environment: a fresh GITHUB_OUTPUT/GITHUB_PATH,
        RUNNER_TOOL_CACHE=cache, the server as base-url, attestation off unless inputs say."""
        self.runs += 1
        step = os.path.join(self.work, "step-%d" % self.runs)
        os.makedirs(step)
        files = {name: os.path.join(step, name.lower()) for name in ("GITHUB_OUTPUT", "GITHUB_PATH")}
        for path in files.values():
            open(path, "w").close()
        full = {"PATH": ":".join(list(fakes) + [os.environ.get("PATH", "/usr/bin:/bin")]),
                "HOME": os.path.join(self.work, "home"), "LANG": "C.UTF-8",
                "RUNNER_TOOL_CACHE": cache, "RUNNER_TEMP": step,
                "INPUT_VERSION": self.release.version, "INPUT_BASE_URL": self.base_url,
                "INPUT_VERIFY_ATTESTATION": "false"}     # no INPUT_SHA256: as run by hand
        full.update(files)
        full.update({"INPUT_" + k.upper().replace("-", "_"): v for k, v in (inputs or {}).items()})
        full.update(env or {})
        self.server.requests()
        started = time.monotonic()
        proc = subprocess.run(["bash", self.script], env=full, capture_output=True, text=True,
                              timeout=90)
        seconds = time.monotonic() - started
        outputs = dict(line.split("=", 1) for line in open(files["GITHUB_OUTPUT"]).read().splitlines()
                       if "=" in line)
        path = [line for line in open(files["GITHUB_PATH"]).read().splitlines() if line]
        return Run(proc.returncode, proc.stdout + proc.stderr, outputs, path,
                   self.server.requests(), seconds)

    def asset_requests(self, run, name):
        return [r for r in run.requests if r.endswith("/" + name)]


def nothing_installed(bench, run, cache, arch=None):
    check(run.path == [] and "bin-dir" not in run.outputs,
          "a refused install adds nothing to PATH or the outputs: %s %s" % (run.path, run.outputs))
    version_dir = os.path.dirname(bench.installed(cache, arch))
    left = os.listdir(version_dir) if os.path.isdir(version_dir) else []
    check(left == [], "nothing is left in the tool cache: %s" % left)


def case_cold_install(bench):
    cache = bench.cache("main")
    run = bench.install(cache)
    check(run.code == 0, "install exit %d:\n%s" % (run.code, run.log))
    expected = sha256_file(os.path.join(bench.release.dir, bench.tarball))
    check(bench.asset_requests(run, bench.tarball) == ["/v%s/%s" % (bench.release.version, bench.tarball)],
          "downloaded the %s asset: %s" % (bench.arch, run.requests))
    check(len(run.requests) == 2 and run.requests[0].endswith("/SHA256SUMS"),
          "SHA256SUMS first, then the tarball only: %s" % run.requests)
    check("verified against SHA256SUMS" in run.log and expected in run.log,
          "the log says what was verified:\n%s" % run.log)
    directory = bench.installed(cache)
    check(open(os.path.join(directory, ".complete")).read().strip() == expected,
          "the marker records the verified sha256")
    bin_dir = os.path.join(directory, "bin")
    check(run.outputs == {"bin-dir": bin_dir, "version": bench.release.version, "cache-hit": "false",
                          "source": "release"}, "outputs: %s" % run.outputs)
    check(run.path == [bin_dir], "GITHUB_PATH gets the bin dir: %s" % run.path)
    for tool in TOOLS:
        got = subprocess.run([os.path.join(bin_dir, tool), "--version"], capture_output=True,
                             text=True, timeout=30).stdout.strip()
        check(got == "%s %s" % (tool, bench.release.version.split("-")[0]),
              "installed %s --version: %r" % (tool, got))
    check(os.path.isfile(os.path.join(directory, "README.md")), "the tree's README.md is installed")
    check(not [n for n in os.listdir(os.path.dirname(directory)) if n.startswith(".unpack")],
          "no unpack directory is left behind")
    size = os.path.getsize(os.path.join(bench.release.dir, bench.tarball)) / 1e6
    print("cold install (download + verify + unpack of a %.1f MB tarball): %.2f s" % (size, run.seconds))


def case_cache_hit(bench):
    cache = bench.cache("main")
    run = bench.install(cache)
    bin_dir = os.path.join(bench.installed(cache), "bin")
    check(run.code == 0 and run.outputs.get("cache-hit") == "true",
          "second install is a cache hit: %d %s\n%s" % (run.code, run.outputs, run.log))
    check(run.requests == [], "a cache hit downloads nothing: %s" % run.requests)
    check(run.path == [bin_dir] and run.outputs["bin-dir"] == bin_dir, "PATH and bin-dir again")
    print("cache hit: %.2f s" % run.seconds)

    alias = bench.install(cache, fakes=[bench.fake_uname(machine=ALIAS[bench.arch])])
    check(alias.code == 0 and alias.outputs.get("bin-dir") == bin_dir and alias.requests == [],
          "uname -m %s is %s: %s\n%s" % (ALIAS[bench.arch], bench.arch, alias.outputs, alias.log))

    prefixed = bench.install(cache, {"version": "v" + bench.release.version})
    check(prefixed.code == 0 and prefixed.outputs.get("version") == bench.release.version,
          "version v%s is %s: %s" % (bench.release.version, bench.release.version, prefixed.outputs))


def case_default_version(bench):
    cache = bench.cache("main")
    by_ref = bench.install(cache, {"version": ""}, {"LIFELINE_ACTION_REF": "v" + bench.release.version})
    check(by_ref.code == 0 and by_ref.outputs.get("version") == bench.release.version,
          "the version of the action's ref: %s\n%s" % (by_ref.outputs, by_ref.log))
    # On a branch ref the version comes from the action's own checkout.
    checkout = os.path.join(bench.work, "action-checkout")
    os.makedirs(os.path.join(checkout, "actions", "setup"))
    with open(os.path.join(checkout, "CMakeLists.txt"), "w") as f:
        f.write("cmake_minimum_required(VERSION 3.25)\nproject(lifeline VERSION %s LANGUAGES CXX)\n"
                % bench.release.version.split("-")[0])
    by_tree = bench.install(cache, {"version": ""}, {
        "GITHUB_ACTION_REF": "main", "GITHUB_ACTION_PATH": os.path.join(checkout, "actions", "setup")})
    if "-" not in bench.release.version:
        check(by_tree.code == 0 and by_tree.outputs.get("version") == bench.release.version,
              "the version of the action's checkout: %s\n%s" % (by_tree.outputs, by_tree.log))
    bad = bench.install(cache, {"version": "latest"})
    check(bad.code == 2 and "'latest' is not a lifeline version" in bad.log and bad.requests == [],
          "a malformed version is a usage error: %d\n%s" % (bad.code, bad.log))


def case_other_arch(bench):
    other = OTHER_ARCH[bench.arch]
    cache = bench.cache("other")
    run = bench.install(cache, fakes=[bench.fake_uname(machine=other)])
    asset = tarball_name(bench.release.version, other)
    check(not bench.asset_requests(run, bench.tarball), "never the %s tarball on %s: %s"
          % (bench.arch, other, run.requests))
    if bench.release.tarball(other):
        check(bench.asset_requests(run, asset), "the %s tarball was downloaded: %s" % (other, run.requests))
        return
    check(run.code == 1 and asset in run.log and "no prebuilt binaries for %s" % other in run.log,
          "a release without %s binaries says so: %d\n%s" % (other, run.code, run.log))
    check(len(run.requests) == 1, "only SHA256SUMS was fetched: %s" % run.requests)
    nothing_installed(bench, run, cache, other)


def case_tampered(bench):
    cache = bench.cache("refused")
    run = bench.install(cache, {"base-url": bench.tampered_url})
    check(run.code == 1, "a tampered tarball fails the step (exit %d)" % run.code)
    check("checksum mismatch for %s" % bench.tarball in run.log and "nothing installed" in run.log,
          "the refusal says what and that nothing was installed:\n%s" % run.log)
    check(bench.asset_requests(run, bench.tarball), "the tarball was downloaded, then refused")
    nothing_installed(bench, run, cache)

    wrong = "0" * 64
    pinned = bench.install(cache, {"sha256": wrong})
    check(pinned.code == 1 and "the sha256 input pins %s" % wrong in pinned.log,
          "a wrong sha256 pin is refused: %d\n%s" % (pinned.code, pinned.log))
    nothing_installed(bench, pinned, cache)

    malformed = bench.install(cache, {"sha256": "abc"})
    check(malformed.code == 2 and "64 hex digits" in malformed.log and malformed.requests == [],
          "a malformed pin is a usage error: %d\n%s" % (malformed.code, malformed.log))

    # A pin that the cached install does not match: downloaded again, refused, cache untouched.
    main = bench.installed(bench.cache("main"))
    marker = open(os.path.join(main, ".complete")).read()
    stale = bench.install(bench.cache("main"), {"sha256": wrong})
    check(stale.code == 1 and bench.asset_requests(stale, bench.tarball),
          "a pin the cache does not match is no cache hit: %d %s" % (stale.code, stale.requests))
    check(open(os.path.join(main, ".complete")).read() == marker
          and os.path.isfile(os.path.join(main, "bin", "run-with-failover")),
          "a refused install leaves the cached one as it was")


def case_pinned(bench):
    cache = bench.cache("pinned")
    sha = sha256_file(os.path.join(bench.release.dir, bench.tarball))
    # Left by an install that died before its marker: not a cache hit, replaced.
    leftover = os.path.join(bench.installed(cache), "bin")
    os.makedirs(leftover)
    open(os.path.join(leftover, "half-written"), "w").close()
    inputs = {"sha256": sha.upper()}
    gh_missing = shutil.which("gh") is None
    if gh_missing:
        inputs["verify-attestation"] = "true"
    run = bench.install(cache, inputs)
    check(run.code == 0 and run.outputs.get("cache-hit") == "false",
          "a right pin installs: %d %s\n%s" % (run.code, run.outputs, run.log))
    check("and the sha256 input" in run.log, "the log names the pin as checked:\n%s" % run.log)
    check(not os.path.exists(os.path.join(leftover, "half-written")), "the unfinished install is replaced")
    if gh_missing:
        check("provenance attestation was not verified" in run.log,
              "without gh, the log says provenance was not verified:\n%s" % run.log)


def case_attestation(bench):
    cache = bench.cache("attested")
    calls = os.path.join(bench.work, "gh-calls")
    env = {"LIFELINE_ACTION_REPOSITORY": "acme/lifeline"}
    record = 'printf "%%s\\n" "$*" >> %s\nexit %d\n'
    refusing = bench.fake_bin("gh-refusing", {"gh": record % (calls, 1)})
    refused = bench.install(cache, {"verify-attestation": "true"}, env, fakes=[refusing])
    check(refused.code == 1 and "no valid provenance" in refused.log,
          "a failed attestation check refuses the tarball: %d\n%s" % (refused.code, refused.log))
    nothing_installed(bench, refused, cache)
    accepting = bench.fake_bin("gh-accepting", {"gh": record % (calls, 0)})
    run = bench.install(cache, {"verify-attestation": "true"}, env, fakes=[accepting])
    check(run.code == 0, "attested install exit %d:\n%s" % (run.code, run.log))
    recorded = open(calls).read().splitlines()
    check(len(recorded) == 2 and recorded[1].startswith("attestation verify ")
          and recorded[1].endswith("/%s --repo acme/lifeline" % bench.tarball),
          "gh attestation verify <tarball> --repo <the action's repo>: %s" % recorded)
    off = bench.install(bench.cache("main"), {"verify-attestation": "maybe"})
    check(off.code == 2 and "true or false" in off.log, "verify-attestation must be a boolean")


def case_missing_version(bench):
    run = bench.install(bench.cache("missing"), {"version": "9.9.9"})
    url = "%s/v9.9.9/SHA256SUMS" % bench.base_url
    check(run.code == 1 and url in run.log and "lifeline 9.9.9 may not exist" in run.log,
          "a missing version names the URL and says it may not exist: %d\n%s" % (run.code, run.log))
    nothing_installed(bench, run, bench.cache("missing"))
    # SHA256SUMS lists the tarball, the server lacks it (an unfinished upload).
    incomplete = os.path.join(bench.work, "incomplete")
    os.makedirs(incomplete)
    shutil.copy2(os.path.join(bench.release.dir, "SHA256SUMS"), incomplete)
    base_url = bench.server.publish(Release(incomplete, bench.release.version, {}), "incomplete")
    run = bench.install(bench.cache("missing"), {"base-url": base_url})
    url = "%s/v%s/%s" % (base_url, bench.release.version, bench.tarball)
    check(run.code == 1 and url in run.log and "does not serve it" in run.log,
          "a listed but missing tarball names its URL: %d\n%s" % (run.code, run.log))
    nothing_installed(bench, run, bench.cache("missing"))


def case_refusals(bench):
    cases = [("macOS", [bench.fake_uname(system="Darwin", machine="arm64")], "no prebuilt lifeline for macOS"),
             ("riscv64", [bench.fake_uname(machine="riscv64")], "no prebuilt lifeline for riscv64"),
             ("musl", [bench.fake_bin("ldd-musl", {"ldd": 'echo "musl libc (x86_64)" >&2\nexit 1\n'})],
              "needs glibc and this system uses musl")]
    for name, fakes, message in cases:
        run = bench.install(bench.cache("refusals"), fakes=fakes)
        check(run.code == 2 and message in run.log and "build-from-source: true" in run.log,
              "%s: a clear refusal naming build-from-source: %d\n%s" % (name, run.code, run.log))
        check(run.requests == [], "%s: nothing downloaded: %s" % (name, run.requests))
        nothing_installed(bench, run, bench.cache("refusals"))


def case_gitlab_components(bench):
    """Each component's before_script, with the lifeline-version and lifeline-base-url inputs,
    installs the release and puts its tool first on PATH; a tampered tarball fails the job."""
    try:
        import yaml
    except ImportError:
        print("note: PyYAML missing: the GitLab components' install was not checked")
        return
    job_dir = os.path.join(bench.work, "gitlab-job")
    os.makedirs(job_dir)

    def run_job(component, inputs, extra_env=None):
        path = os.path.join(bench.args.source_dir, "ci-templates", "templates", component, "template.yml")
        spec, jobs = list(yaml.safe_load_all(open(path)))
        values = {name: str((item or {}).get("default", "")) for name, item in spec["spec"]["inputs"].items()}
        values.update(inputs)
        job = jobs["lifeline-" + component]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.path.join(bench.work, "home"),
               "LANG": "C.UTF-8", "CI_PROJECT_DIR": job_dir, "TMPDIR": job_dir}
        for name, value in (job.get("variables") or {}).items():
            for key, given in values.items():
                value = value.replace("$[[ inputs.%s ]]" % key, given)
            env[name] = value
        env.update(extra_env or {})
        tool = COMPONENTS[component]
        script = "set -eo pipefail\n%s\ncommand -v %s\n%s --version\n" % (
            "\n".join(job["before_script"]), tool, tool)
        bench.server.requests()
        proc = subprocess.run(["bash", "-c", script], cwd=job_dir, env=env, capture_output=True,
                              text=True, timeout=90)
        return proc.returncode, proc.stdout + proc.stderr, bench.server.requests()

    version = bench.release.version
    for component, tool in COMPONENTS.items():
        code, log, requests = run_job(component, {"lifeline-version": version,
                                                  "lifeline-base-url": bench.base_url})
        check(code == 0, "component %s: install exit %d:\n%s" % (component, code, log))
        installed = "/lifeline-%s-linux-%s/bin/%s" % (version, bench.arch, tool)
        check(installed in log and "%s %s" % (tool, version.split("-")[0]) in log,
              "component %s: the release's %s runs from PATH:\n%s" % (component, tool, log))
        check(any(r.endswith("/" + bench.tarball) for r in requests), "component %s: %s" % (component, requests))
    code, log, _ = run_job("probe", {"lifeline-version": version, "lifeline-base-url": bench.tampered_url})
    check(code != 0 and "does not match" in log and "probe-endpoint %s" % version not in log,
          "a tampered tarball fails the job before the tool runs: %d\n%s" % (code, log))
    code, log, requests = run_job("probe", {"lifeline-version": "9.9.9", "lifeline-base-url": bench.base_url})
    check(code != 0 and "%s/v9.9.9/" % bench.base_url in log,
          "a missing version names the URL: %d\n%s" % (code, log))
    # Without lifeline-version: what is on PATH (here LIFELINE_BIN_DIR), no download.
    bin_dir = os.path.join(bench.installed(bench.cache("main")), "bin")
    code, log, requests = run_job("probe", {}, {"LIFELINE_BIN_DIR": bin_dir})
    check(code == 0 and requests == [] and bin_dir + "/probe-endpoint" in log,
          "no lifeline-version: today's behaviour, nothing downloaded: %d %s\n%s" % (code, requests, log))


CASES = [case_cold_install, case_cache_hit, case_default_version, case_other_arch, case_tampered,
         case_pinned, case_attestation, case_missing_version, case_refusals, case_gitlab_components]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--dist", help="a directory with a release's assets (scripts/package.sh --out)")
    parser.add_argument("--bin", action="append", default=[], help="TOOL=PATH (without --dist)")
    args = parser.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)
    binaries = dict(item.split("=", 1) for item in args.bin)
    if host_arch() is None:
        print("ci.setup-release: FAILED: no release architecture for this machine")
        return 1
    work = tempfile.mkdtemp(prefix="lifeline-ci-setup-release-")
    server = None
    try:
        if args.dist:
            release = load_dist(args.dist)
        else:
            missing = [tool for tool in TOOLS if tool not in binaries]
            check(not missing, "give --dist or --bin for every tool (missing: %s)" % missing)
            release = make_release(os.path.join(work, "release"), binaries)
        check(release.tarball(host_arch()), "the release has no %s tarball" % host_arch())
        server = ReleaseServer(os.path.join(work, "www"))
        bench = Bench(args, work, release, server)
        for case in CASES:
            case(bench)
            print("ok: %s" % case.__name__[len("case_"):].replace("_", " "))
        print("ci.setup-release: ok (lifeline %s, %s)" % (release.version, host_arch()))
        return 0
    except (Fail, ReleaseError) as failure:
        print("ci.setup-release: FAILED: %s" % failure)
        return 1
    finally:
        if server:
            server.stop()
        if os.environ.get("LIFELINE_KEEP_TEST_DIRS") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept %s" % work)


if __name__ == "__main__":
    sys.exit(main())
