"""Runs a GitHub composite action (action.yml) on this machine the way the Actions runner does,
for the integration tests of actions/*.

What it mirrors: inputs with their defaults; `${{ }}` expressions evaluated only where the runner
evaluates them (if:, env:, with:, working-directory:, the outputs' value:, and run: itself); each
run: step written to a file and executed as `bash --noprofile --norc -e -o pipefail FILE` (the
runner's `shell: bash`); fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files per step;
GITHUB_ENV and GITHUB_PATH applied to the following steps; GITHUB_ACTION_PATH, GITHUB_ACTIONS,
RUNNER_TEMP, RUNNER_OS; steps skipped after a failure; `::add-mask::` values collected.
`uses: actions/cache@*` is simulated: cache-hit is "true" when the path exists and is not empty.
Nothing else is supported; an unknown construct raises HarnessError, so a test cannot pass by
silently skipping a step."""
import os
import re
import subprocess
import tempfile

import yaml


class HarnessError(Exception):
    pass


class StepResult:
    def __init__(self, step_id, skipped=False, exit_code=0, outputs=None, stdout="", stderr=""):
        self.step_id, self.skipped, self.exit_code = step_id, skipped, exit_code
        self.outputs = outputs or {}
        self.stdout, self.stderr = stdout, stderr


class ActionResult:
    def __init__(self):
        self.steps = []          # StepResult per step, in order
        self.outputs = {}        # the action's declared outputs
        self.exit_code = 0       # first failing step's exit code, else 0
        self.env = {}            # what the steps wrote to GITHUB_ENV
        self.path = []           # what the steps wrote to GITHUB_PATH
        self.summary = ""        # all step summaries
        self.masks = []          # values of ::add-mask::

    def step(self, step_id):
        for step in self.steps:
            if step.step_id == step_id:
                return step
        raise KeyError(step_id)

    def log(self, apply_masks=True):
        """The step logs as the runner shows them: ::add-mask:: lines hidden, masks applied.
        apply_masks=False keeps what the tools really printed (to check they print no key)."""
        lines = []
        for step in self.steps:
            for line in (step.stdout + step.stderr).splitlines():
                if line.startswith("::add-mask::"):
                    continue
                if apply_masks:
                    for mask in self.masks:
                        line = line.replace(mask, "***")
                lines.append(line)
        return "\n".join(lines)


# ---- expressions --------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\)|,)"
                    r"|(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*))")


def _tokenize(text):
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise HarnessError("cannot parse expression: %r" % text)
        pos = match.end()
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
    return tokens


class _Parser:
    """or := and ('||' and)*; and := unary ('&&' unary)*; unary := '!' unary | cmp;
    cmp := atom (('=='|'!=') atom)?; atom := string | number | name | name '(' args ')' | '(' or ')'"""

    def __init__(self, tokens, context):
        self.tokens, self.at, self.context = tokens, 0, context

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def parse(self):
        value = self.parse_or()
        if self.at != len(self.tokens):
            raise HarnessError("trailing tokens in expression: %r" % (self.tokens[self.at:],))
        return value

    def parse_or(self):
        value = self.parse_and()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.parse_and()
            value = value if _truthy(value) else right
        return value

    def parse_and(self):
        value = self.parse_unary()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.parse_unary()
            value = right if _truthy(value) else value
        return value

    def parse_unary(self):
        if self.peek() == ("op", "!"):
            self.take()
            return not _truthy(self.parse_unary())
        return self.parse_cmp()

    def parse_cmp(self):
        left = self.parse_atom()
        if self.peek() in (("op", "=="), ("op", "!=")):
            op = self.take()[1]
            right = self.parse_atom()
            equal = _loose(left) == _loose(right)
            return equal if op == "==" else not equal
        return left

    def parse_atom(self):
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if kind == "op" and text == "(":
            value = self.parse_or()
            if self.take() != ("op", ")"):
                raise HarnessError("missing )")
            return value
        if kind == "name":
            if self.peek() == ("op", "("):
                self.take()
                args = []
                while self.peek() != ("op", ")"):
                    args.append(self.parse_or())
                    if self.peek() == ("op", ","):
                        self.take()
                self.take()
                return self.context.call(text, args)
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            return self.context.lookup(text)
        raise HarnessError("unexpected token %r" % text)


def _truthy(value):
    return value not in (None, False, "", 0, 0.0)


def _loose(value):
    # GitHub compares strings case-insensitively and coerces booleans/numbers loosely.
    if isinstance(value, str):
        return value.lower()
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return value


class _Context:
    def __init__(self, contexts, failed):
        self.contexts, self.failed = contexts, failed

    def lookup(self, dotted):
        parts = dotted.split(".")
        value = self.contexts
        for part in parts:
            if not isinstance(value, dict):
                return ""
            if part not in value and value is self.contexts:
                raise HarnessError("unknown context %r in %r" % (part, dotted))
            value = value.get(part, "")
        return value

    def call(self, name, args):
        if name == "success":
            return not self.failed
        if name == "failure":
            return self.failed
        if name == "always":
            return True
        raise HarnessError("function %s() is not supported by the harness" % name)


def evaluate(expression, contexts, failed=False):
    return _Parser(_tokenize(expression), _Context(contexts, failed)).parse()


_INTERPOLATION = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def _as_string(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def interpolate(text, contexts):
    if not isinstance(text, str):
        return _as_string(text)
    return _INTERPOLATION.sub(lambda m: _as_string(evaluate(m.group(1), contexts)), text)


# ---- file commands ------------------------------------------------------------------------

def parse_file_command(path):
    """name=value lines and name<<DELIM ... DELIM blocks (GITHUB_OUTPUT, GITHUB_ENV)."""
    values = {}
    if not os.path.exists(path):
        return values
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                raise HarnessError("%s: unterminated %s<<%s" % (path, name, delimiter))
            i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise HarnessError("%s: malformed line %r" % (path, line))
    return values


# ---- the runner ---------------------------------------------------------------------------

class ActionRunner:
    def __init__(self, action_dir, workspace, base_env=None, timeout=120):
        self.action_dir = os.path.abspath(action_dir)
        self.workspace = workspace
        self.base_env = dict(base_env if base_env is not None else os.environ)
        self.timeout = timeout
        with open(os.path.join(self.action_dir, "action.yml"), encoding="utf-8") as f:
            self.action = yaml.safe_load(f)
        if self.action.get("runs", {}).get("using") != "composite":
            raise HarnessError("not a composite action: %s" % action_dir)

    def run(self, inputs=None, env=None, on_step_start=None):
        """Runs the action's steps. `inputs` by name (unknown names are an error, as the runner
        warns); `env` is the calling step's env. on_step_start(step_id, popen) is called while a
        run: step is running (for signal tests)."""
        inputs = dict(inputs or {})
        declared = self.action.get("inputs") or {}
        for name in inputs:
            if name not in declared:
                raise HarnessError("unexpected input %r" % name)
        values = {}
        for name, spec in declared.items():
            spec = spec or {}
            if name in inputs:
                values[name] = _as_string(inputs[name])
            elif spec.get("required") and "default" not in spec:
                raise HarnessError("required input %r missing" % name)
            else:
                values[name] = _as_string(spec.get("default", ""))

        temp = tempfile.mkdtemp(prefix="runner-", dir=self.workspace)
        result = ActionResult()
        job_env = dict(self.base_env)
        job_env.update(env or {})
        job_env.update({
            "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": self.workspace,
            "GITHUB_ACTION_PATH": self.action_dir, "RUNNER_TEMP": temp, "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64", "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "1",
            "RUNNER_TOOL_CACHE": os.path.join(temp, "toolcache"),
        })
        steps_ctx = {}
        contexts = {"inputs": values, "steps": steps_ctx, "env": job_env,
                    "github": {"action_path": self.action_dir, "workspace": self.workspace},
                    "runner": {"temp": temp, "os": "Linux", "arch": "X64"}}
        failed = False
        for index, step in enumerate(self.action["runs"].get("steps") or []):
            step_id = step.get("id", "__step%d" % index)
            condition = step.get("if")
            if condition is not None:
                text = condition.strip()
                match = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
                run_it = _truthy(evaluate(match.group(1) if match else text, contexts, failed))
                if not re.search(r"\b(always|failure)\(\)", text):
                    run_it = run_it and not failed
            else:
                run_it = not failed
            if not run_it:
                steps_ctx[step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                result.steps.append(StepResult(step_id, skipped=True))
                continue
            if "uses" in step:
                outcome = self._uses(step, contexts)
            elif "run" in step:
                outcome = self._run(step, step_id, contexts, job_env, temp, result, on_step_start)
            else:
                raise HarnessError("step %s has neither run nor uses" % step_id)
            outcome.step_id = step_id
            result.steps.append(outcome)
            ok = outcome.exit_code == 0
            steps_ctx[step_id] = {"outputs": outcome.outputs,
                                  "outcome": "success" if ok else "failure",
                                  "conclusion": "success" if ok else "failure"}
            if not ok and not step.get("continue-on-error", False):
                failed = True
                if result.exit_code == 0:
                    result.exit_code = outcome.exit_code
        for name, spec in (self.action.get("outputs") or {}).items():
            result.outputs[name] = interpolate(spec.get("value", ""), contexts)
        return result

    def _uses(self, step, contexts):
        uses = step["uses"]
        with_values = {k: interpolate(v, contexts) for k, v in (step.get("with") or {}).items()}
        if re.fullmatch(r"actions/cache@v\d+", uses):
            path = with_values.get("path", "")
            if not path or not with_values.get("key"):
                raise HarnessError("actions/cache needs path and key")
            hit = os.path.isdir(path) and bool(os.listdir(path))
            return StepResult(None, outputs={"cache-hit": "true" if hit else "false"})
        raise HarnessError("uses: %s is not simulated by the harness" % uses)

    def _run(self, step, step_id, contexts, job_env, temp, result, on_step_start):
        if step.get("shell") != "bash":
            raise HarnessError("step %s: the harness runs shell: bash only" % step_id)
        script = interpolate(step["run"], contexts)
        step_env = dict(job_env)
        step_env.update(result.env)
        if result.path:
            step_env["PATH"] = ":".join(reversed(result.path)) + ":" + job_env.get("PATH", "")
        for name, value in (step.get("env") or {}).items():
            step_env[name] = interpolate(value, contexts)
        files = {}
        for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"):
            handle, files[name] = tempfile.mkstemp(prefix=name.lower() + "-", dir=temp)
            os.close(handle)
            step_env[name] = files[name]
        script_path = os.path.join(temp, "step-%s.sh" % step_id)
        with open(script_path, "w", encoding="utf-8") as f:
            f.write(script)
        cwd = self.workspace
        if step.get("working-directory"):
            cwd = os.path.join(self.workspace, interpolate(step["working-directory"], contexts))
        out_path, err_path = script_path + ".stdout", script_path + ".stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail",
                                     script_path], cwd=cwd, env=step_env, stdout=out,
                                    stderr=err, stdin=subprocess.DEVNULL)
            try:
                if on_step_start:
                    on_step_start(step_id, proc)
                code = proc.wait(timeout=self.timeout)
            except BaseException:
                proc.kill()
                proc.wait()
                raise
        stdout = open(out_path, encoding="utf-8", errors="replace").read()
        stderr = open(err_path, encoding="utf-8", errors="replace").read()
        for line in (stdout + "\n" + stderr).splitlines():
            if line.startswith("::add-mask::"):
                result.masks.append(line[len("::add-mask::"):])
        result.env.update(parse_file_command(files["GITHUB_ENV"]))
        for line in open(files["GITHUB_PATH"], encoding="utf-8").read().splitlines():
            if line.strip():
                result.path.append(line.strip())
        result.summary += open(files["GITHUB_STEP_SUMMARY"], encoding="utf-8").read()
        return StepResult(step_id, exit_code=code if code >= 0 else 128 - code,
                          outputs=parse_file_command(files["GITHUB_OUTPUT"]),
                          stdout=stdout, stderr=stderr)
