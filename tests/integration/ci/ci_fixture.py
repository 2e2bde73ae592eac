"""Shared fixture of the CI integration tests: a provider-sim fleet on 127.0.0.1 (a rate-limited
primary, a region-blocked provider, a healthy one), a lifeline.yaml pointing at it, the sim keys
in an environment, and a bin directory holding the lifeline binaries under test."""
import os
import signal
import subprocess
import time

TOOLS = ["probe-endpoint", "pick-provider", "run-with-failover", "budget-check", "rotate-keys",
         "provider-sim"]

# Test-only keys provider-sim accepts; never real credentials.
KEYS = {"PRIMARY_API_KEY": "sk-sim-primary-0123456789abcdef",
        "BLOCKED_API_KEY": "sk-sim-blocked-0123456789abcdef",
        "HEALTHY_API_KEY": "sk-sim-healthy-0123456789abcdef"}

# The fleet every CI test starts: a rate-limited primary, a region-blocked provider, a healthy
# one. %(NAME)s are the keys of a KEYS-like dict; callers may append instances of their own.
FLEET_TEMPLATE = """version: 1
providers:
  primary:
    keys: [%(PRIMARY_API_KEY)s]
    rules:
      - {name: primary-429, fault: rate_limited, retry_after: 30s}
  blocked:
    keys: [%(BLOCKED_API_KEY)s]
    rules:
      - {name: geo-block, fault: region_blocked}
  healthy:
    keys: [%(HEALTHY_API_KEY)s]
"""

FLEET = FLEET_TEMPLATE % KEYS

CONFIG = """version: 1
providers:
  primary: {kind: openai-compatible, base_url: http://%(primary)s/v1, auth: {env: PRIMARY_API_KEY}, jurisdiction: US}
  blocked: {kind: openai-compatible, base_url: http://%(blocked)s/v1, auth: {env: BLOCKED_API_KEY}, jurisdiction: CN}
  healthy: {kind: openai-compatible, base_url: http://%(healthy)s/v1, auth: {env: HEALTHY_API_KEY}, jurisdiction: EU}
models:
  gpt-5.5: {provider: primary, context_window: 400000, price: {input: 1.25, output: 10}}
  blocked-model: {provider: blocked, id: gpt-5.5, context_window: 128000}
  sim-model: {provider: healthy, id: gpt-5.5, context_window: 128000, price: {input: 1, output: 4}}
lanes:
  code: [gpt-5.5, blocked-model, sim-model]
retry:
  max_wait: 2s
  backoff: {initial: 50ms, max: 100ms}
state: %(state)s
"""


class Fail(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Fail(message)


class Fleet:
    """provider-sim --fleet on ephemeral loopback ports; stop() ends it."""

    def __init__(self, provider_sim, work, fleet_yaml=FLEET):
        fleet = os.path.join(work, "fleet.yaml")
        with open(fleet, "w") as f:
            f.write(fleet_yaml)
        ready = os.path.join(work, "ports.txt")
        self.log = open(os.path.join(work, "provider-sim.log"), "wb")
        self.proc = subprocess.Popen([provider_sim, "--fleet", fleet, "--listen", "127.0.0.1:0",
                                      "--ready-file", ready], stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.path.exists(ready) and open(ready).read().strip():
                break
            if self.proc.poll() is not None:
                raise Fail("provider-sim exited with %d" % self.proc.returncode)
            time.sleep(0.05)
        else:
            self.stop()
            raise Fail("provider-sim did not write its ready file")
        self.ports = dict(line.split() for line in open(ready).read().splitlines() if line)
        for address in self.ports.values():
            check(address.startswith("127.0.0.1:"), "provider-sim bound %s" % address)

    def url(self, name):
        return "http://%s/v1" % self.ports[name]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def write_config(path, fleet, state):
    values = dict(fleet.ports)
    values["state"] = state
    with open(path, "w") as f:
        f.write(CONFIG % values)


def make_bin_dir(work, binaries):
    """A directory of symlinks named after the tools, as `setup` would put on PATH."""
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    for tool, path in binaries.items():
        os.symlink(os.path.abspath(path), os.path.join(bin_dir, tool))
    return bin_dir


def clean_env(work, bin_dir):
    """A minimal environment: no inherited CI variables, no proxies, HOME in the work dir."""
    env = {"PATH": bin_dir + ":" + os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work,
           "LANG": "C.UTF-8", "TMPDIR": work, "NO_PROXY": "127.0.0.1,localhost",
           "no_proxy": "127.0.0.1,localhost"}
    return env


def assert_no_secret(texts, what):
    for name, key in KEYS.items():
        for text in texts:
            check(key not in text, "%s shows the value of %s" % (what, name))
