#!/usr/bin/env python3
"""A tiny coding agent for the CI tests: one chat completion against the candidate that
run-with-failover hands it (OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_API_KEY in the environment;
the key never in argv). On an HTTP error it prints the provider's status and body the way
Codex CLI does ("unexpected status 429 Too Many Requests: {...}") and exits 1, so
run-with-failover classifies the failure.

  sim_agent.py [--argv-file F] [--wait-for-signal MARKER] [TASK...]

--argv-file F          write the arguments it got (JSON) to F: the tests check that inputs reach
                       the agent literally, unexpanded.
--wait-for-signal M    write "started <pid>" to M, then wait; on SIGTERM/SIGINT write
                       "signal <n>" to M and exit 128+n (the cancellation test).
"""
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request


def main(argv):
    args = list(argv)
    argv_file = marker = None
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--argv-file":
            argv_file = args.pop(0)
        elif flag == "--wait-for-signal":
            marker = args.pop(0)
        else:
            sys.stderr.write("sim_agent: unknown flag %s\n" % flag)
            return 2
    if argv_file:
        with open(argv_file, "w") as f:
            json.dump(args, f)
    if marker:
        def stop(signum, _frame):
            with open(marker, "a") as f:
                f.write("signal %d\n" % signum)
            os._exit(128 + signum)
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        with open(marker, "a") as f:
            f.write("started %d\n" % os.getpid())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.1)
        return 3
    base = os.environ["OPENAI_BASE_URL"].rstrip("/")
    task = " ".join(args) or "say hello"
    body = {"model": os.environ["OPENAI_MODEL"], "messages": [{"role": "user", "content": task}]}
    request = urllib.request.Request(
        base + "/chat/completions", method="POST", data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + os.environ.get("OPENAI_API_KEY", ""),
                 "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        sys.stderr.write("ERROR: unexpected status %d %s: %s\n"
                         % (error.code, error.reason, error.read().decode(errors="replace")))
        return 1
    except urllib.error.URLError as error:
        sys.stderr.write("ERROR: error sending request for url (%s): %s\n" % (base, error.reason))
        return 1
    print(answer["choices"][0]["message"]["content"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
