#!/usr/bin/env python3
"""Runs the example GitLab pipeline (ci-templates/gitlab/.gitlab-ci.yml with the components of
ci-templates/templates) with gitlab-ci-local's shell executor against provider-sim, driving the
real Codex CLI, and checks what each job produced: the probe's JUnit report, the pick's dotenv
report reaching the run job, the failover from the rate-limited primary, the budget gate, and
(in a second, "scheduled" pipeline) the key rotation.

The pipeline file is used as shipped except for the component refs: the temp repository is the
component project itself (templates/ at its root, origin lifeline/lifeline-ci) and `@0.1.0`
becomes `@<HEAD sha>`, which is how GitLab (and gitlab-ci-local) include a project's own
components. Everything runs in a fresh network namespace with only loopback (unshare -n) when
the machine allows it, else with proxies pointing at a dead port: nothing reaches the network.

  gitlab_pipeline_it.py --source-dir REPO --npm-bin DIR --bin TOOL=PATH...
Exit 0 pass, 1 fail, 77 skip (gitlab-ci-local or codex missing, unless LIFELINE_REQUIRE_E2E=1).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ci_fixture import FLEET_TEMPLATE, Fail, Fleet, check, make_bin_dir  # noqa: E402

KEYS = {"PRIMARY_API_KEY": "sk-sim-primary-gl-0123456789abcdef",
        "BLOCKED_API_KEY": "sk-sim-blocked-gl-0123456789abcdef",
        "HEALTHY_API_KEY": "sk-sim-healthy-gl-0123456789abcdef"}
ROTATION_SEED = "sk-or-v1-seed-gitlab-000000000000000"
ROTATION_ADMIN = "sk-or-mgmt-gitlab-0000000000000000000"

# Codex speaks the Responses API: kind openai with the responses capability.
CONFIG = """version: 1
providers:
  primary: {kind: openai, base_url: "http://%(primary)s/v1", auth: {env: PRIMARY_API_KEY}, jurisdiction: US}
  blocked: {kind: openai, base_url: "http://%(blocked)s/v1", auth: {env: BLOCKED_API_KEY}, jurisdiction: CN}
  healthy: {kind: openai, base_url: "http://%(healthy)s/v1", auth: {env: HEALTHY_API_KEY}, jurisdiction: EU}
  openrouter: {kind: openrouter, base_url: "http://%(openrouter)s/api/v1", auth: {env: OPENROUTER_API_KEY}}
models:
  gpt-5.5: {provider: primary, context_window: 400000, price: {input: 1.25, output: 10}, capabilities: [responses]}
  blocked-model: {provider: blocked, id: gpt-5.5, context_window: 400000, capabilities: [responses]}
  sim-model: {provider: healthy, id: gpt-5.5, context_window: 400000, price: {input: 1, output: 4}, capabilities: [responses]}
lanes:
  code: [gpt-5.5, blocked-model, sim-model]
retry:
  max_wait: 2s
  rate_limited: {retries: 0}
  backoff: {initial: 50ms, max: 100ms}
"""

ROTATION = """version: 1
rotations:
  ci:
    issuer: {kind: openrouter, base_url: "http://%(openrouter)s/api/v1", admin_key_env: OPENROUTER_MANAGEMENT_KEY, limit: 5}
    store: {kind: file, path: keys/openrouter}
    verify: {provider: openrouter, model: openai/gpt-5.5, attempts: 1}
"""

# The CI fleet plus an OpenRouter-style instance for the scheduled rotation job.
FLEET = FLEET_TEMPLATE + """  openrouter:
    keys: [%(seed)s]
    management_keys: [%(admin)s]
"""


def network_isolation():
    """The command prefix that gives a child a private network with only loopback, or None."""
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            probe = subprocess.run(prefix + ["sh", "-c", "ip link set lo up"], capture_output=True,
                                   timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return prefix
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--npm-bin", required=True, help=".deps/npm/node_modules/.bin")
    parser.add_argument("--bin", action="append", default=[], help="TOOL=PATH")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.source_dir = os.path.abspath(args.source_dir)
    args.npm_bin = os.path.abspath(args.npm_bin)
    required = os.environ.get("LIFELINE_REQUIRE_E2E") == "1"
    gcl = os.path.join(args.npm_bin, "gitlab-ci-local")
    codex = os.path.join(args.npm_bin, "codex")
    for tool in (gcl, codex):
        if not os.access(tool, os.X_OK):
            print("%s %s not installed (scripts/install-deps.sh)"
                  % ("FAIL:" if required else "SKIP:", os.path.basename(tool)))
            return 1 if required else 77
    if not args.inside:
        isolation = network_isolation()
        if isolation:
            # Re-run this script in a private network namespace: loopback only.
            command = isolation + ["sh", "-c", 'ip link set lo up && exec "$@"', "sh",
                                   sys.executable, os.path.abspath(__file__), "--inside"] + sys.argv[1:]
            return subprocess.run(command, timeout=600).returncode
        print("note: no network namespace available; proxies point at a dead port instead")
    binaries = dict(item.split("=", 1) for item in args.bin)
    work = tempfile.mkdtemp(prefix="lifeline-ci-gitlab-")
    fleet = None
    try:
        fleet = start_fleet(binaries["provider-sim"], work)
        run_pipelines(args, binaries, work, fleet, gcl)
        print("ci.gitlab-ci-local: ok")
        return 0
    except Fail as failure:
        print("ci.gitlab-ci-local: FAILED: %s" % failure)
        return 1
    finally:
        if fleet:
            fleet.stop()
        if os.environ.get("LIFELINE_KEEP_TEST_DIRS") != "1":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept %s" % work)


def start_fleet(provider_sim, work):
    values = dict(KEYS, seed=ROTATION_SEED, admin=ROTATION_ADMIN)
    return Fleet(provider_sim, work, FLEET % values)


def git(repo, *args):
    subprocess.run(["git", "-c", "user.email=ci@lifeline.invalid", "-c", "user.name=lifeline-ci",
                    "-c", "init.defaultBranch=main"] + list(args), cwd=repo, check=True,
                   capture_output=True, timeout=60)


def make_repo(args, work, fleet):
    repo = os.path.join(work, "lifeline-ci")
    shutil.copytree(os.path.join(args.source_dir, "ci-templates", "templates"),
                    os.path.join(repo, "templates"))
    shutil.copy(os.path.join(args.source_dir, "ci-templates", "gitlab", ".gitlab-ci.yml"), repo)
    with open(os.path.join(repo, "lifeline.yaml"), "w") as f:
        f.write(CONFIG % fleet.ports)
    with open(os.path.join(repo, "lifeline-rotation.yaml"), "w") as f:
        f.write(ROTATION % fleet.ports)
    os.makedirs(os.path.join(repo, "keys"))
    with open(os.path.join(repo, "keys", "openrouter"), "w") as f:
        f.write(ROTATION_SEED + "\n")
    os.chmod(os.path.join(repo, "keys", "openrouter"), 0o600)
    git(repo, "init", "-q")
    git(repo, "remote", "add", "origin", "https://gitlab.example.invalid/lifeline/lifeline-ci.git")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "components")
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                         check=True).stdout.strip()
    pipeline_path = os.path.join(repo, ".gitlab-ci.yml")
    text = open(pipeline_path).read()
    refs = re.findall(r"component: \$CI_SERVER_FQDN/lifeline/lifeline-ci/(\w+)@0\.1\.0", text)
    check(sorted(refs) == ["budget", "pick", "probe", "rotate", "run"],
          "the example includes the five components: %s" % refs)
    with open(pipeline_path, "w") as f:
        f.write(text.replace("@0.1.0", "@" + sha))
    return repo


def gitlab_ci_local(gcl, repo, bin_dir, npm_bin, work, extra_variables=()):
    variables = dict(KEYS)
    # gitlab-ci-local's shell executor runs in the checkout but sets CI_PROJECT_DIR to /builds/...
    variables.update({"LIFELINE_BIN_DIR": bin_dir, "CODEX_HOME": os.path.join(repo, ".codex"), "OPENROUTER_MANAGEMENT_KEY": ROTATION_ADMIN,
                      "OPENROUTER_API_KEY": ROTATION_SEED})
    variables.update(dict(extra_variables))
    command = [gcl, "--force-shell-executor", "--no-color", "--timestamps=false"]
    for name, value in variables.items():
        command += ["--variable", "%s=%s" % (name, value)]
    dead = "http://127.0.0.1:9"
    env = {"PATH": "%s:%s" % (npm_bin, os.environ.get("PATH", "/usr/bin:/bin")),
           "HOME": os.path.join(work, "home"), "LANG": "C.UTF-8", "TMPDIR": work,
           "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "ALL_PROXY": dead, "http_proxy": dead,
           "https_proxy": dead, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    os.makedirs(env["HOME"], exist_ok=True)
    proc = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    return proc


def job_log(repo, job):
    path = os.path.join(repo, ".gitlab-ci-local", "output", job + ".log")
    return open(path).read() if os.path.exists(path) else ""


def run_pipelines(args, binaries, work, fleet, gcl):
    bin_dir = make_bin_dir(work, binaries)
    repo = make_repo(args, work, fleet)
    os.makedirs(os.path.join(repo, ".codex"), exist_ok=True)
    open(os.path.join(repo, ".codex", "config.toml"), "w").close()

    proc = gitlab_ci_local(gcl, repo, bin_dir, args.npm_bin, work)
    output = proc.stdout + proc.stderr
    check(proc.returncode == 0, "pipeline exit %d:\n%s" % (proc.returncode, _tail(output)))
    for job in ("lifeline-probe", "lifeline-pick", "lifeline-run", "lifeline-budget"):
        check(re.search(r"PASS\s+%s\b" % job, output), "%s passed:\n%s" % (job, _tail(output)))
    check(not re.search(r"PASS\s+lifeline-rotate", output), "no rotation outside schedules")

    junit = open(os.path.join(repo, "lifeline-probe.junit.xml")).read()
    check(junit.count("<testcase") == 3, "probe JUnit report: one case per target")
    probe = json.load(open(os.path.join(repo, "lifeline-probe.json")))
    check(probe["data"]["healthy"] == ["healthy/sim-model"], "probe healthy: %s" % probe["data"]["healthy"])

    dotenv = open(os.path.join(repo, "lifeline-pick.env")).read()
    check("LIFELINE_CHAIN=gpt-5.5,sim-model" in dotenv, "pick dotenv report: %s" % dotenv)
    check(not any(key in dotenv for key in KEYS.values()), "no key in the dotenv report")

    run = json.load(open(os.path.join(repo, "lifeline-run.json")))
    check(run["status"] in ("ok", "degraded") and run["exit_code"] == 0,
          "run: %s %s" % (run["status"], run["summary"]))
    check(run["data"]["candidates"] == ["primary/gpt-5.5", "healthy/sim-model"],
          "run used the chain from the pick job's dotenv report: %s" % run["data"]["candidates"])
    attempts = run["data"]["attempts"]
    check(attempts[0]["class"] == "rate_limited" and attempts[-1]["candidate"] == "healthy/sim-model",
          "failover from the rate-limited primary to healthy: %s"
          % [(a["candidate"], a["class"]) for a in attempts])

    budget = json.load(open(os.path.join(repo, "lifeline-budget.json")))
    check(budget["status"] == "ok", "budget: %s %s" % (budget["status"], budget["summary"]))
    budget_env = open(os.path.join(repo, "lifeline-budget.env")).read()
    check(re.search(r"LIFELINE_BUDGET_TOTAL_TOKENS=[1-9]", budget_env),
          "Codex's tokens reached the ledger the budget job reads: %s" % budget_env)

    texts = [output] + [job_log(repo, j) for j in ("lifeline-probe", "lifeline-pick",
                                                   "lifeline-run", "lifeline-budget")]
    for name, key in KEYS.items():
        check(all(key not in text for text in texts), "a job log shows %s" % name)

    # The weekly schedule: only the rotation job runs.
    scheduled = gitlab_ci_local(gcl, repo, bin_dir, args.npm_bin, work,
                                [("CI_PIPELINE_SOURCE", "schedule"),
                                 ("LIFELINE_ALLOW_INSECURE_LOOPBACK", "true")])
    sched_out = scheduled.stdout + scheduled.stderr
    check(scheduled.returncode == 0, "scheduled pipeline exit %d:\n%s"
          % (scheduled.returncode, _tail(sched_out)))
    check(re.search(r"PASS\s+lifeline-rotate", sched_out), "the rotation ran:\n%s" % _tail(sched_out))
    check(not re.search(r"PASS\s+lifeline-(probe|pick|run|budget)\b", sched_out),
          "only the rotation runs in the schedule")
    rotation = json.load(open(os.path.join(repo, "lifeline-rotate.json")))
    entry = rotation["data"]["rotations"][0]
    check(entry["name"] == "ci" and entry["action"] == "rotated", "rotation: %s" % entry)
    new_key = open(os.path.join(repo, "keys", "openrouter")).read().strip()
    check(new_key != ROTATION_SEED, "a new key was stored")
    check(new_key not in sched_out and new_key not in job_log(repo, "lifeline-rotate"),
          "the new key is not in the job log")


def _tail(text, lines=40):
    return "\n".join(text.splitlines()[-lines:])


if __name__ == "__main__":
    sys.exit(main())
