#!/usr/bin/env python3
"""Integration tests of rotate-keys: the real binary against provider-sim's OpenRouter key API
and loopback fakes of Vault KV v2, GitLab CI/CD variables, GitHub secrets and the aws CLI.
Only 127.0.0.1. Keys are never printed: failures show fingerprints-free messages."""
import argparse, base64, http.server, json, os, re, signal, sqlite3, subprocess, sys, tempfile, threading, time, urllib.request

SEED = "sk-or-v1-seedkey00000000000000000000000000"
MGMT = "sk-or-mgmt-integration-0000000000000000"
CHECKPOINTS = ["started", "did:create", "created", "did:store", "stored", "did:verify", "verified",
               "promoting", "did:promote", "promoted", "did:revoke"]


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


class Env:
    def __init__(self, args, work):
        self.args, self.work, self.outputs = args, work, []
        scenario = os.path.join(work, "scenario.yaml")
        open(scenario, "w").write("version: 1\nname: rotation\nkeys: [%s]\nmanagement_keys: [%s]\n" % (SEED, MGMT))
        ready = os.path.join(work, "ready.txt")
        self.sim = subprocess.Popen([args.provider_sim, "--listen", "127.0.0.1:0", "--ready-file", ready,
                                     "--scenario", scenario], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(ready) and open(ready).read().strip():
                break
            time.sleep(0.05)
        self.base = "http://" + open(ready).read().split()[0]
        self.key_file = os.path.join(work, "keys", "openrouter")
        os.makedirs(os.path.dirname(self.key_file))
        open(self.key_file, "w").write(SEED + "\n")
        open(os.path.join(work, "lifeline.yaml"), "w").write(
            "version: 1\nproviders:\n  openrouter: {kind: openrouter, base_url: %s/api/v1, auth: {env: OPENROUTER_API_KEY}}\n"
            "state: sqlite://%s/state.db\n" % (self.base, work))
        self.write_spec({"kind": "file", "path": self.key_file})

    def write_spec(self, store, grace="0s", model="openai/gpt-5.5", extra="", verify_extra=""):
        store_yaml = "{" + ", ".join("%s: %s" % (k, json.dumps(v)) for k, v in store.items()) + "}"
        open(os.path.join(self.work, "rotation.yaml"), "w").write(
            "version: 1\nrotations:\n  ci:\n"
            "    issuer: {kind: openrouter, base_url: %s/api/v1, admin_key_env: OR_MGMT, limit: 5, limit_reset: monthly}\n"
            "    store: %s\n    verify: {provider: openrouter, model: %s, attempts: 1%s}\n    grace: %s\n%s"
            % (self.base, store_yaml, model, verify_extra, grace, extra))

    def run(self, *extra, crash=None, env_extra=None, expect=None):
        env = {"PATH": os.environ["PATH"], "HOME": self.work, "OR_MGMT": MGMT}
        env.update(env_extra or {})
        if crash:
            env["LIFELINE_ROTATE_TEST_CRASH_AT"] = crash
        cmd = [self.args.rotate_keys, "--config", os.path.join(self.work, "lifeline.yaml"),
               "--spec", os.path.join(self.work, "rotation.yaml"), "--allow-insecure-loopback"] + list(extra)
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=self.work)
        self.outputs.append(proc.stdout + proc.stderr)
        if expect is not None:
            check(proc.returncode == expect, "exit %d, expected %d; stderr tail: %s"
                  % (proc.returncode, expect, redact(proc.stderr[-600:])))
        return proc

    def chat(self, key):
        req = urllib.request.Request(self.base + "/api/v1/chat/completions", method="POST",
                                     data=json.dumps({"model": "openai/gpt-5.5", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 8}).encode(),
                                     headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
        try:
            return urllib.request.urlopen(req, timeout=10).status
        except urllib.error.HTTPError as e:
            return e.code

    def live_keys(self):
        req = urllib.request.Request(self.base + "/api/v1/keys", headers={"Authorization": "Bearer " + MGMT})
        return [k for k in json.load(urllib.request.urlopen(req, timeout=10))["data"] if not k.get("disabled")]

    def current(self):
        return open(self.key_file).read().strip()

    def assert_no_key_text(self, keys):
        blobs = list(self.outputs)
        db = os.path.join(self.work, "state.db")
        for path in [db, db + "-wal"]:
            if os.path.exists(path):
                blobs.append(open(path, "rb").read().decode("latin-1"))
        for key in keys + [MGMT]:
            for blob in blobs:
                check(key not in blob, "a key appeared in output, status or state")

    def close(self):
        self.sim.send_signal(signal.SIGTERM)
        try:
            self.sim.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.sim.kill()


def redact(text):
    return re.sub(r"sk-[A-Za-z0-9_-]{8,}", "***", text)


def case_openrouter_file(env):
    first = env.run(expect=0)
    doc = json.loads(first.stdout)
    check(doc["status"] == "degraded", "first rotation cannot revoke the seed key it cannot identify")
    key1 = env.current()
    check(key1 != SEED and env.chat(key1) == 200, "new key stored and working")
    check(oct(os.stat(env.key_file).st_mode & 0o777) == "0o600", "key file is 0600")
    env.run(expect=0)
    key2 = env.current()
    check(env.chat(key2) == 200, "second key works")
    check(env.chat(key1) == 401, "the first minted key was revoked")
    live = env.live_keys()
    check(len(live) == 1, "exactly one minted key stays live, got %d" % len(live))
    env.assert_no_key_text([key1, key2, SEED])


def make_crash_case(point):
    def case(env):
        env.run(expect=0)  # bootstrap: a minted current key the next rotation can revoke
        key1 = env.current()
        crashed = env.run(crash=point)
        check(crashed.returncode == -signal.SIGKILL, "killed at %s (exit %d)" % (point, crashed.returncode))
        rerun = env.run()
        check(rerun.returncode in (0, 1), "rerun exit %d" % rerun.returncode)
        current = env.current()
        check(env.chat(current) == 200, "the current key works after the rerun")
        live = env.live_keys()
        check(len(live) == 1, "exactly one live key at the issuer, got %d" % len(live))
        check(not os.path.exists(env.key_file + ".pending"), "no pending key left")
        if rerun.returncode == 0:
            check(current != key1 and env.chat(key1) == 401, "old key revoked after resuming")
        else:
            check(current == key1, "rolled back to the old key")
        env.assert_no_key_text([key1, current, SEED])
    return case


def case_verify_fails(env):
    # The verify endpoint answers 404 (as a wrong base URL does): verification must fail.
    env.write_spec({"kind": "file", "path": env.key_file}, verify_extra=", base_url: %s/nowhere/v1" % env.base)
    proc = env.run(expect=1)
    check(json.loads(proc.stdout)["data"]["rotations"][0]["action"] == "rolled_back", "rolled back")
    check(env.current() == SEED, "old key kept")
    check(len(env.live_keys()) == 0, "the new key was deleted")


def case_grace(env):
    env.run(expect=0)
    key1 = env.current()
    env.write_spec({"kind": "file", "path": env.key_file}, grace="1h")
    proc = env.run("--format", "text", expect=0)
    check("in_grace" in proc.stdout, "in grace")
    check(env.chat(key1) == 200, "old key still valid during grace")
    check(len(env.live_keys()) == 2, "both keys live during grace")


def case_dry_run(env):
    proc = env.run("--dry-run", expect=0)
    doc = json.loads(proc.stdout)
    check(doc["data"]["rotations"][0]["action"] == "planned", "planned")
    check(any("verify" in step for step in doc["data"]["rotations"][0]["plan"]), "plan lists verify")
    check(env.current() == SEED and len(env.live_keys()) == 0, "dry run changed nothing")


def case_https_only(env):
    proc = subprocess.run([env.args.rotate_keys, "--config", os.path.join(env.work, "lifeline.yaml"),
                           "--spec", os.path.join(env.work, "rotation.yaml")],
                          env={"PATH": os.environ["PATH"], "OR_MGMT": MGMT}, capture_output=True, text=True, timeout=30)
    check(proc.returncode == 2 and "https" in proc.stderr, "plain http refused without the loopback flag")
    check(env.current() == SEED, "nothing changed")


class KvFakes(http.server.BaseHTTPRequestHandler):
    """Vault KV v2 (cas) and GitLab project variables, in memory."""
    vault = {"data": None, "version": 0}
    gitlab = {}
    github = {}

    def log_message(self, *a):
        pass

    def reply(self, status, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"{}")

    def handle_any(self):
        path = self.path.split("?")[0]
        if path.startswith("/v1/secret/data/"):
            if self.headers.get("X-Vault-Token") != "hvs.fake-vault-token":
                return self.reply(403, {"errors": ["permission denied"]})
            v = KvFakes.vault
            if self.command == "GET":
                if v["data"] is None:
                    return self.reply(404, {"errors": []})
                return self.reply(200, {"data": {"data": v["data"], "metadata": {"version": v["version"]}}})
            b = self.body()
            if b.get("options", {}).get("cas") != v["version"]:
                return self.reply(400, {"errors": ["check-and-set parameter did not match the current version"]})
            v["data"], v["version"] = b["data"], v["version"] + 1
            return self.reply(200, {"data": {"version": v["version"]}})
        m = re.match(r"^/api/v4/projects/([^/]+)/variables(?:/([A-Za-z0-9_]+))?$", path)
        if m:
            if self.headers.get("PRIVATE-TOKEN") != "glpat-fakefakefakefakefake":
                return self.reply(401, {"message": "401 Unauthorized"})
            name, g = m.group(2), KvFakes.gitlab
            if self.command == "GET":
                return self.reply(200, g[name]) if name in g else self.reply(404, {"message": "404 Variable Not Found"})
            if self.command == "DELETE":
                return self.reply(204) if g.pop(name, None) else self.reply(404, {"message": "404 Variable Not Found"})
            b = self.body()
            if self.command == "PUT":
                if name not in g:
                    return self.reply(404, {"message": "404 Variable Not Found"})
                g[name].update(b)
                return self.reply(200, g[name])
            g[b["key"]] = b
            return self.reply(201, b)
        m = re.match(r"^/repos/acme/app/actions/secrets/(public-key|[A-Z_]+)$", path)
        if m:
            if m.group(1) == "public-key":
                return self.reply(200, {"key_id": "568250167242549743", "key": base64.b64encode(b"\x01" * 32).decode()})
            if self.command == "DELETE":
                return self.reply(204) if KvFakes.github.pop(m.group(1), None) else self.reply(404, {"message": "Not Found"})
            b = self.body()
            KvFakes.github[m.group(1)] = b
            return self.reply(201, {})
        self.reply(404, {"message": "no route"})

    do_GET = do_PUT = do_POST = do_DELETE = handle_any


def start_fakes():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KvFakes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d" % server.server_address[1]


def case_vault(env):
    server, url = start_fakes()
    KvFakes.vault.update({"data": {"api_key": SEED, "note": "kept"}, "version": 3})
    env.write_spec({"kind": "vault", "url": url, "path": "ci/openrouter", "token_env": "VAULT_TOKEN"})
    env.run(expect=0, env_extra={"VAULT_TOKEN": "hvs.fake-vault-token"})
    data = KvFakes.vault["data"]
    check(data["api_key"] != SEED and env.chat(data["api_key"]) == 200, "vault holds a working new key")
    check(data["api_key_previous"] == SEED and data["note"] == "kept", "old key kept as previous, other fields kept")
    check("api_key_pending" not in data and KvFakes.vault["version"] == 5,
          "pending cleared, two cas writes (pending, then promote)")
    env.assert_no_key_text([data["api_key"], SEED])
    server.shutdown()


def case_gitlab(env):
    server, url = start_fakes()
    KvFakes.gitlab["OPENROUTER_API_KEY"] = {"key": "OPENROUTER_API_KEY", "value": SEED, "masked": True, "protected": True}
    env.write_spec({"kind": "gitlab", "url": url + "/api/v4", "project": "acme/app", "name": "OPENROUTER_API_KEY",
                    "token_env": "GITLAB_TOKEN"})
    env.run(expect=0, env_extra={"GITLAB_TOKEN": "glpat-fakefakefakefakefake"})
    var = KvFakes.gitlab["OPENROUTER_API_KEY"]
    check(var["value"] != SEED and env.chat(var["value"]) == 200, "gitlab variable holds a working new key")
    check(var["masked"] is True and var["protected"] is True, "masked and protected")
    check("OPENROUTER_API_KEY_PENDING" not in KvFakes.gitlab, "pending variable removed")
    server.shutdown()


def case_github(env):
    server, url = start_fakes()
    env.write_spec({"kind": "github", "url": url, "repository": "acme/app", "name": "OPENROUTER_API_KEY"},
                   extra="    current_key_env: OPENROUTER_API_KEY\n")
    proc = env.run(expect=0, env_extra={"GITHUB_TOKEN": "ghs_fakefakefakefakefakefakefakefake0",
                                        "GITHUB_ACTIONS": "true", "OPENROUTER_API_KEY": SEED,
                                        "GITHUB_OUTPUT": os.path.join(env.work, "gh-output"),
                                        "GITHUB_STEP_SUMMARY": os.path.join(env.work, "gh-summary")})
    secret = KvFakes.github.get("OPENROUTER_API_KEY")
    check(secret and secret["key_id"] == "568250167242549743", "secret PUT with the public key id")
    check(len(base64.b64decode(secret["encrypted_value"])) > 48, "a sealed box")
    check("OPENROUTER_API_KEY_PENDING" not in KvFakes.github, "pending secret deleted")
    masks = [line for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("::add-mask::")]
    check(len(masks) >= 2, "old and new key masked in the GitHub log")
    summary = open(os.path.join(env.work, "gh-summary")).read()
    check("| ci | rotated" in summary and "sk-or-" in summary, "step summary shows fingerprints")
    server.shutdown()


def case_aws(env):
    state = os.path.join(env.work, "aws-state.json")
    log = os.path.join(env.work, "aws-calls.log")
    json.dump({"versions": {"v0": {"SecretString": SEED, "stages": ["AWSCURRENT"]}}}, open(state, "w"))
    env.write_spec({"kind": "aws", "secret_id": "ci/openrouter", "region": "eu-west-1"})
    bindir = os.path.join(env.work, "bin")
    os.makedirs(bindir)
    os.symlink(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_aws.py"), os.path.join(bindir, "aws"))
    env.run(expect=0, env_extra={"PATH": bindir + ":" + os.environ["PATH"], "FAKE_AWS_STATE": state, "FAKE_AWS_LOG": log})
    versions = json.load(open(state))["versions"]
    current = [v for v in versions.values() if "AWSCURRENT" in v["stages"]]
    check(len(current) == 1 and env.chat(current[0]["SecretString"]) == 200, "AWSCURRENT is a working new key")
    check("AWSPREVIOUS" in versions["v0"]["stages"], "old version labelled AWSPREVIOUS")
    check(not any("AWSPENDING" in v["stages"] for v in versions.values()), "AWSPENDING removed")
    calls = open(log).read()
    check(current[0]["SecretString"] not in calls, "the key never appeared in aws argv")


def case_token(env):
    counter = os.path.join(env.work, "count")
    script = os.path.join(env.work, "mint-token.sh")
    open(script, "w").write("#!/bin/sh\necho x >> %s\necho tok-integration-0000000000000000\n" % counter)
    os.chmod(script, 0o755)
    cache = os.path.join(env.work, "tokens")
    for _ in range(3):
        proc = subprocess.run([env.args.rotate_keys, "token", "--command", script, "--refresh", "55m", "--cache-dir", cache],
                              capture_output=True, text=True, timeout=30, env={"PATH": os.environ["PATH"]})
        check(proc.returncode == 0 and proc.stdout == "tok-integration-0000000000000000\n", "token printed")
    check(open(counter).read().count("x") == 1, "the command ran once; later calls hit the cache")
    files = os.listdir(cache)
    check(len(files) == 1 and oct(os.stat(os.path.join(cache, files[0])).st_mode & 0o777) == "0o600", "cache is 0600")


CASES = {"openrouter-file": case_openrouter_file, "verify-fails": case_verify_fails, "grace": case_grace,
         "dry-run": case_dry_run, "https-only": case_https_only, "vault": case_vault, "gitlab": case_gitlab,
         "github": case_github, "aws": case_aws, "token": case_token}
for point in CHECKPOINTS:
    CASES["crash-" + point.replace(":", "-")] = make_crash_case(point)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rotate-keys", required=True)
    parser.add_argument("--provider-sim", required=True)
    parser.add_argument("--case", required=True, choices=sorted(CASES) + ["list"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rotate-it-") as work:
        env = Env(args, work)
        try:
            CASES[args.case](env)
        except Fail as failure:
            print("FAIL %s: %s" % (args.case, failure))
            return 1
        finally:
            env.close()
    print("ok %s" % args.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
