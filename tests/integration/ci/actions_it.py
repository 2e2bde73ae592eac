#!/usr/bin/env python3
"""Runs each lifeline composite action (actions/*/action.yml) through action_harness.py, as the
GitHub runner would, against a provider-sim fleet on 127.0.0.1, and checks the step outputs,
GITHUB_ENV / GITHUB_PATH / step summary, exit codes and that no key reaches the log.

  actions_it.py --case NAME --source-dir REPO --bin TOOL=PATH... [--install-prefix DIR]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from action_harness import ActionRunner  # noqa: E402
from ci_fixture import (KEYS, Fail, Fleet, assert_no_secret, check, clean_env,  # noqa: E402
                        make_bin_dir, write_config)
from release_fixture import ReleaseServer, host_arch, make_release  # noqa: E402

AGENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sim_agent.py")


class Bench:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.actions = os.path.join(args.source_dir, "actions")
        self.bin_dir = make_bin_dir(work, args.binaries)
        self.fleet = Fleet(args.binaries["provider-sim"], work)
        self.config = os.path.join(work, "lifeline.yaml")
        write_config(self.config, self.fleet, "sqlite://%s/state.db" % work)
        self.env = clean_env(work, self.bin_dir)
        self.step_env = dict(KEYS)              # a workflow step's `env:` with the secrets
        self.step_env["LIFELINE_CONFIG"] = self.config
        self.results = []

    def action(self, name, inputs=None, env=None, on_step_start=None):
        base = dict(self.env)
        for result in self.results:         # GITHUB_ENV and GITHUB_PATH of earlier steps
            base.update(result.env)
            if result.path:
                base["PATH"] = ":".join(reversed(result.path)) + ":" + base["PATH"]
        runner = ActionRunner(os.path.join(self.actions, name), self.work, base_env=base,
                              timeout=90)
        step_env = dict(self.step_env)
        step_env.update(env or {})
        result = runner.run(inputs, step_env, on_step_start=on_step_start)
        self.results.append(result)
        return result

    def close(self):
        self.fleet.stop()
        texts = [r.log(apply_masks=False) for r in self.results] + [r.summary for r in self.results]
        texts += [json.dumps(r.outputs) + json.dumps(r.env) for r in self.results]
        assert_no_secret(texts, "an action's log, outputs or summary")


def load(path):
    with open(path) as f:
        return json.load(f)


def probe(bench, **extra):
    inputs = {"lane": "code", "probe": "generate",
              "junit": os.path.join(bench.work, "probe-junit.xml")}
    inputs.update(extra)
    return bench.action("probe", inputs)


def case_probe(bench):
    result = probe(bench)
    check(result.exit_code == 0, "probe exit %d: %s" % (result.exit_code, result.log()[-800:]))
    out = result.outputs
    check(out["healthy"] == "healthy/sim-model", "healthy output: %r" % out["healthy"])
    check(out["first-healthy"] == "healthy/sim-model", "first-healthy: %r" % out["first-healthy"])
    check(out["status"] == "degraded", "status output: %r" % out["status"])
    check(out["exit-code"] == "0", "exit-code output: %r" % out["exit-code"])
    document = load(out["document"])
    check(document["tool"] == "probe-endpoint" and document["status"] == "degraded",
          "document: %s %s" % (document.get("tool"), document.get("status")))
    classes = sorted(r["class"] for r in document["data"]["results"])
    check(classes == ["ok", "rate_limited", "region_blocked"], "classes: %s" % classes)
    junit = open(os.path.join(bench.work, "probe-junit.xml")).read()
    check(junit.count("<testcase") == 3, "JUnit report has one case per target")
    check("primary/gpt-5.5" in result.summary, "step summary lists the targets")
    check(len(result.masks) >= 3, "the keys in play are masked")

    strict = probe(bench, **{"require-healthy": "all", "no-state": "true"})
    check(strict.exit_code == 1, "require-healthy all fails the step (exit %d)" % strict.exit_code)
    check(strict.outputs["exit-code"] == "1" and strict.outputs["status"] == "failed",
          "outputs are still set when the step fails: %s" % strict.outputs)

    bad = probe(bench, **{"no-state": "yes"})
    check(bad.exit_code == 2, "a non-boolean switch input is a usage error (exit %d)" % bad.exit_code)


def case_pick(bench):
    probed = probe(bench)
    check(probed.exit_code == 0, "probe exit %d" % probed.exit_code)
    result = bench.action("pick", {"lane": "code", "probe-results": probed.outputs["document"]})
    check(result.exit_code == 0, "pick exit %d: %s" % (result.exit_code, result.log()[-800:]))
    out = result.outputs
    check(out["chain"] == "gpt-5.5,sim-model", "blocked model left out of the chain: %r" % out["chain"])
    check(out["provider"] == "primary" and out["model"] == "gpt-5.5", "chosen: %s" % out)
    check(out["env_key"] == "PRIMARY_API_KEY", "env_key names the variable: %r" % out["env_key"])
    check(out["base_url"] == bench.fleet.url("primary"), "base_url: %r" % out["base_url"])
    check(result.env.get("LIFELINE_CHAIN") == "gpt-5.5,sim-model",
          "LIFELINE_CHAIN exported to later steps: %r" % result.env.get("LIFELINE_CHAIN"))
    check(result.env.get("OPENAI_BASE_URL") == bench.fleet.url("primary"), "OPENAI_BASE_URL exported")
    check(load(out["document"])["tool"] == "pick-provider", "pick document")

    none = bench.action("pick", {"chain": "blocked-model", "probe-results": probed.outputs["document"]})
    check(none.exit_code == 1 and none.outputs["exit-code"] == "1",
          "no usable candidate fails the step with exit 1 (got %d)" % none.exit_code)


def case_run(bench):
    probed = probe(bench)
    picked = bench.action("pick", {"lane": "code", "probe-results": probed.outputs["document"]})
    check(picked.exit_code == 0, "pick exit %d" % picked.exit_code)
    argv_file = os.path.join(bench.work, "agent-argv.json")
    sneaky = "Fix it $(touch %s/pwned) `id` ${HOME} 'quoted'" % bench.work
    command = "\n".join(["python3", AGENT, "--argv-file", argv_file, sneaky]) + "\n"
    status_file = os.path.join(bench.work, "run-status.json")
    result = bench.action("run", {"command": command, "status-file": status_file, "seed": "7",
                                  "agent": "generic"})
    check(result.exit_code == 0, "run exit %d: %s" % (result.exit_code, result.log()[-1200:]))
    out = result.outputs
    check(out["outcome"] == "succeeded", "outcome: %r" % out["outcome"])
    check(out["provider"] == "healthy" and out["model"] == "sim-model",
          "failed over to the healthy provider: %s/%s" % (out["provider"], out["model"]))
    check(int(out["attempts"]) >= 2, "attempts: %r" % out["attempts"])
    check(out["exit-code"] == "0" and out["class"] == "", "exit-code/class: %s" % out)
    check(out["status-file"] == status_file, "status-file output: %r" % out["status-file"])
    trail = load(status_file)["data"]["attempts"]
    check(trail[0]["candidate"] == "primary/gpt-5.5" and trail[0]["class"] == "rate_limited",
          "first attempt was the rate-limited primary: %s" % trail[0])
    check(trail[-1]["candidate"] == "healthy/sim-model", "last attempt on healthy")
    check("Hello from provider-sim." in result.step("run").stdout, "the agent's answer is in the log")
    check(load(argv_file) == [sneaky], "the command reached the agent literally: %s" % load(argv_file))
    check(not os.path.exists(os.path.join(bench.work, "pwned")), "no shell expansion of inputs")


def case_budget(bench):
    body = os.path.join(bench.work, "request.json")
    with open(body, "w") as f:
        json.dump({"model": "x", "messages": [{"role": "user", "content": "Write a haiku about failover."}]}, f)
    ran = bench.action("run", {"request": body, "api": "chat", "chain": "gpt-5.5,sim-model",
                               "session": "ci-budget", "seed": "1"})
    check(ran.exit_code == 0, "request mode exit %d: %s" % (ran.exit_code, ran.log()[-800:]))
    check(ran.outputs["provider"] == "healthy", "request served by healthy: %r" % ran.outputs["provider"])
    check('"usage"' in ran.step("run").stdout, "the response body is the step's stdout")

    within = bench.action("budget", {"session": "ci-budget", "session-tokens": "100000",
                                     "cost-session": "5"})
    check(within.exit_code == 0, "budget exit %d: %s" % (within.exit_code, within.log()[-800:]))
    out = within.outputs
    total = int(out["total_tokens"])
    check(total > 0, "tokens from the ledger: %r" % out["total_tokens"])
    check(out["status"] == "ok", "status: %r" % out["status"])
    check(int(out["session_tokens_remaining"]) == 100000 - total,
          "session_tokens_remaining: %r" % out["session_tokens_remaining"])
    check(out["cost_session_remaining"] != "", "cost_session_remaining set")
    check(load(out["document"])["tool"] == "budget-check", "budget document")

    over = bench.action("budget", {"session": "ci-budget", "session-tokens": str(max(1, total - 1))})
    check(over.exit_code == 1, "an exceeded budget fails the step (exit %d)" % over.exit_code)
    check(over.outputs["status"] == "failed" and over.outputs["exit-code"] == "1",
          "outputs of the failed gate: %s" % over.outputs)
    check(over.outputs["session_tokens_remaining"] == "0", "nothing remaining")


def case_run_cancel(bench):
    marker = os.path.join(bench.work, "agent-marker")
    seen = {}

    def cancel(step_id, proc):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "started" not in _read(marker):
            if proc.poll() is not None:
                return
            time.sleep(0.05)
        seen["exe"] = os.path.basename(os.readlink("/proc/%d/exe" % proc.pid))
        proc.send_signal(signal.SIGTERM)     # what the runner does on cancellation

    command = "\n".join(["python3", AGENT, "--wait-for-signal", marker])
    result = bench.action("run", {"command": command, "chain": "sim-model", "agent": "generic",
                                  "kill-grace": "5s"}, on_step_start=cancel)
    check(seen.get("exe") == "run-with-failover",
          "run-with-failover is the step's own process (exec), not a child: %r" % seen.get("exe"))
    check("signal %d" % signal.SIGTERM in _read(marker), "the agent got SIGTERM: %r" % _read(marker))
    check(result.exit_code == 143, "cancelled step exits 143 (got %d)" % result.exit_code)


def case_rotate(bench):
    scenario = os.path.join(bench.work, "or.yaml")
    seed, mgmt = "sk-or-v1-seedkey-ci-0000000000000000", "sk-or-mgmt-ci-00000000000000000000"
    with open(scenario, "w") as f:
        f.write("version: 1\nname: openrouter\nkeys: [%s]\nmanagement_keys: [%s]\n" % (seed, mgmt))
    ready = os.path.join(bench.work, "or-ready.txt")
    sim = subprocess.Popen([bench.args.binaries["provider-sim"], "--listen", "127.0.0.1:0",
                            "--ready-file", ready, "--scenario", scenario, "-q"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _read(ready).strip():
            time.sleep(0.05)
        base = "http://" + _read(ready).split()[0] + "/api/v1"
        key_file = os.path.join(bench.work, "keys", "openrouter")
        os.makedirs(os.path.dirname(key_file))
        with open(key_file, "w") as f:
            f.write(seed + "\n")
        config = os.path.join(bench.work, "rotate-lifeline.yaml")
        with open(config, "w") as f:
            f.write("version: 1\nproviders:\n  openrouter: {kind: openrouter, base_url: %s, "
                    "auth: {env: OPENROUTER_API_KEY}}\nstate: sqlite://%s/rotate-state.db\n"
                    % (base, bench.work))
        spec = os.path.join(bench.work, "rotation.yaml")
        with open(spec, "w") as f:
            f.write("version: 1\nrotations:\n  ci:\n"
                    "    issuer: {kind: openrouter, base_url: %s, admin_key_env: OPENROUTER_MANAGEMENT_KEY, limit: 5}\n"
                    "    store: {kind: file, path: %s}\n"
                    "    verify: {provider: openrouter, model: openai/gpt-5.5, attempts: 1}\n"
                    % (base, key_file))
        inputs = {"spec": spec, "config": config, "names": "ci", "allow-insecure-loopback": "true"}
        env = {"OPENROUTER_MANAGEMENT_KEY": mgmt}
        planned = bench.action("rotate-keys", dict(inputs, **{"dry-run": "true"}), env)
        check(planned.exit_code == 0, "dry run exit %d: %s" % (planned.exit_code, planned.log()[-800:]))
        check(_read(key_file).strip() == seed, "a dry run changes nothing")
        result = bench.action("rotate-keys", inputs, env)
        check(result.exit_code == 0, "rotation exit %d: %s" % (result.exit_code, result.log()[-800:]))
        check(result.outputs["rotated"] == "1", "rotated output: %r" % result.outputs["rotated"])
        check(result.outputs["exit-code"] == "0", "exit-code output")
        new_key = _read(key_file).strip()
        check(new_key != seed, "a new key was stored")
        rotation = load(result.outputs["document"])["data"]["rotations"][0]
        check(rotation["name"] == "ci" and rotation["action"] == "rotated", "document: %s" % rotation)
        check(new_key in result.masks, "the new key is masked in the log")
        for text in [result.log(apply_masks=False), result.summary, json.dumps(result.outputs), _read(result.outputs["document"])]:
            check(new_key not in text and mgmt not in text and seed not in text,
                  "a rotated key shows in the log, summary, outputs or document")
    finally:
        sim.send_signal(signal.SIGTERM)
        try:
            sim.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sim.kill()


def case_setup(bench):
    prefix = bench.args.install_prefix
    check(prefix and os.path.isdir(os.path.join(prefix, "bin")), "--install-prefix missing")
    # A restored cache: the prefix the plan step names already holds an installed build.
    build = {"build-from-source": "true", "source-dir": bench.args.source_dir, "install-deps": "false"}
    result = bench.action("setup", dict(build, prefix=prefix, cache="true"))
    check(result.exit_code == 0, "setup exit %d: %s" % (result.exit_code, result.log()[-800:]))
    check(result.step("build").skipped and result.step("deb").skipped, "a cache hit builds nothing")
    check(result.outputs["cache-hit"] == "true", "cache-hit output: %r" % result.outputs["cache-hit"])
    check(result.outputs["bin-dir"] == os.path.join(prefix, "bin"), "bin-dir: %r" % result.outputs["bin-dir"])
    check(result.path == [os.path.join(prefix, "bin")], "GITHUB_PATH gets the bin dir: %s" % result.path)
    check(result.outputs["version"].count(".") == 2, "version: %r" % result.outputs["version"])
    source_hash = result.outputs["source-hash"]
    check(len(source_hash) == 40, "source-hash: %r" % source_hash)
    key = result.step("plan").outputs["cache-key"]
    check(key.endswith("-Release-" + source_hash), "cache key built on the source hash: %r" % key)
    check(result.outputs["source"] == "build", "source output: %r" % result.outputs["source"])
    again = bench.action("setup", dict(build, prefix=prefix))
    check(again.outputs["source-hash"] == source_hash, "the source hash is stable")

    # A cache miss: the build step runs CMake (a recording stand-in here: a real build takes
    # minutes) with the prefix and tests off; finish then finds no binaries and fails.
    fake_bin = os.path.join(bench.work, "fake-cmake")
    os.makedirs(fake_bin)
    calls = os.path.join(bench.work, "cmake-calls")
    with open(os.path.join(fake_bin, "cmake"), "w") as f:
        f.write('#!/bin/sh\necho "$*" >> "%s"\n' % calls)
    os.chmod(os.path.join(fake_bin, "cmake"), 0o755)
    empty = os.path.join(bench.work, "empty-prefix")
    missed = bench.action("setup", dict(build, prefix=empty),
                          env={"PATH": fake_bin + ":" + bench.env["PATH"]})
    check(not missed.step("build").skipped, "a cache miss runs the build step")
    recorded = _read(calls).splitlines()
    check(len(recorded) == 3, "configure, build, install: %s" % recorded)
    check("-DCMAKE_INSTALL_PREFIX=%s" % empty in recorded[0] and "-DLIFELINE_BUILD_TESTS=OFF" in recorded[0],
          "configure flags: %s" % recorded[0])
    check(recorded[2].startswith("--install "), "then cmake --install: %s" % recorded[2])
    check(missed.exit_code == 1 and missed.path == [], "no binaries: setup fails, PATH untouched")
    case_setup_release(bench)


def case_setup_release(bench):
    """The default mode: the prebuilt release from a loopback server (setup_release_it.py checks
    install-release.sh itself in depth)."""
    release = make_release(os.path.join(bench.work, "release"), bench.args.binaries)
    server = ReleaseServer(os.path.join(bench.work, "www"))
    try:
        base_url = server.publish(release)
        inputs = {"base-url": base_url, "verify-attestation": "false"}
        result = bench.action("setup", inputs)
        check(result.exit_code == 0, "release setup exit %d: %s" % (result.exit_code, result.log()[-800:]))
        ran = [s.step_id for s in result.steps if not s.skipped]
        check(ran == ["plan", "release"], "only plan and release run: %s" % ran)
        out = result.outputs
        # The version: the action's own CMakeLists.txt (no release ref in the harness).
        check(out["version"] == release.version and out["source"] == "release"
              and out["cache-hit"] == "false" and out["source-hash"] == "", "outputs: %s" % out)
        check(out["bin-dir"].endswith("/lifeline/%s/%s/bin" % (release.version, host_arch())),
              "bin-dir in the tool cache: %r" % out["bin-dir"])
        check(result.path == [out["bin-dir"]], "GITHUB_PATH gets the bin dir: %s" % result.path)
        check(any(r.endswith(".tar.gz") for r in server.requests()), "the tarball was downloaded")

        bad = bench.action("setup", dict(inputs, **{"build-from-source": "yes"}))
        check(bad.exit_code == 2 and bad.step("release").skipped, "a non-boolean build-from-source is a usage error")
        pinned = bench.action("setup", dict(inputs, sha256="f" * 64))
        check(pinned.exit_code == 1 and pinned.path == [] and "checksum mismatch" in pinned.log(),
              "a wrong sha256 pin fails the step: %d %s" % (pinned.exit_code, pinned.log()[-400:]))
    finally:
        server.stop()


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


CASES = {"probe": case_probe, "pick": case_pick, "run": case_run, "budget": case_budget,
         "run-cancel": case_run_cancel, "rotate-keys": case_rotate, "setup": case_setup}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", required=True, choices=sorted(CASES))
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--bin", action="append", default=[], help="TOOL=PATH")
    parser.add_argument("--install-prefix")
    args = parser.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)
    args.binaries = dict(item.split("=", 1) for item in args.bin)
    work = tempfile.mkdtemp(prefix="lifeline-ci-actions-")
    bench = None
    try:
        bench = Bench(args, work)
        CASES[args.case](bench)
        bench.close()
        bench = None
        print("ci.actions.%s: ok" % args.case)
        return 0
    except Fail as failure:
        print("ci.actions.%s: FAILED: %s" % (args.case, failure))
        return 1
    finally:
        if bench is not None:
            bench.fleet.stop()
        if os.environ.get("LIFELINE_KEEP_TEST_DIRS") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
