#!/usr/bin/env python3
"""Writes a synthetic Claude Code log folder (CLAUDE_CONFIG_DIR layout: OUT/projects/<project>/
<session>.jsonl) shaped like real logs: user turns, tool results with file contents, assistant
messages logged once per content block (the same message.id + requestId several times), the
odd <synthetic> API-error line, lines without ids, null cache counts, a truncated line and a
last line still being written. No real data: every string is generated.

usage: gen_claude_logs.py OUT [--mb 2] [--seed 1]
"""
import argparse
import json
import os
import random
import uuid

MODELS = ["claude-sonnet-4-20250514", "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805",
          "claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022"]
WORDS = ("the build cache retries fetch helper parser token budget session limit provider "
         "stream error fallback config module test assert value commit branch file line").split()


def text(rng, n_words):
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def stamp(t):
    ms = t % 1000
    s = t // 1000
    import datetime
    d = datetime.datetime.fromtimestamp(s, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms


def session_lines(rng, session, cwd, start_ms, turns):
    lines = []
    t = start_ms
    prompt = rng.randint(8000, 20000)
    parent = None
    for turn in range(turns):
        u = str(uuid.UUID(int=rng.getrandbits(128)))
        lines.append({"parentUuid": parent, "isSidechain": False, "userType": "external",
                      "cwd": cwd, "sessionId": session, "version": "1.0.98", "gitBranch": "main",
                      "type": "user", "message": {"role": "user", "content": text(rng, rng.randint(5, 40))},
                      "uuid": u, "timestamp": stamp(t)})
        parent = u
        t += rng.randint(500, 4000)
        model = rng.choice(MODELS)
        msg_id = "msg_01" + uuid.UUID(int=rng.getrandbits(128)).hex[:22]
        req_id = "req_011C" + uuid.UUID(int=rng.getrandbits(128)).hex[:20]
        usage = {"input_tokens": rng.randint(1, 50),
                 "cache_creation_input_tokens": rng.randint(0, 3000),
                 "cache_read_input_tokens": prompt,
                 "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
                 "output_tokens": rng.randint(1, 1500), "service_tier": "standard"}
        prompt += rng.randint(200, 4000)
        blocks = rng.randint(1, 3)  # Claude Code writes one line per content block
        for b in range(blocks):
            a = str(uuid.UUID(int=rng.getrandbits(128)))
            content = ([{"type": "text", "text": text(rng, rng.randint(10, 120))}] if b == 0 else
                       [{"type": "tool_use", "id": "toolu_" + a[:12], "name": "Read",
                         "input": {"file_path": cwd + "/src/" + rng.choice(WORDS) + ".py"}}])
            lines.append({"parentUuid": parent, "isSidechain": False, "userType": "external",
                          "cwd": cwd, "sessionId": session, "version": "1.0.98",
                          "message": {"id": msg_id, "type": "message", "role": "assistant",
                                      "model": model, "content": content,
                                      "stop_reason": None if b + 1 < blocks else "tool_use",
                                      "usage": usage},
                          "requestId": req_id, "type": "assistant", "uuid": a,
                          "timestamp": stamp(t)})
            parent = a
            t += rng.randint(50, 800)
        # A tool result with file contents: the bulk of a real log's bytes.
        r = str(uuid.UUID(int=rng.getrandbits(128)))
        body = "\n".join(text(rng, 12) for _ in range(rng.randint(5, 120)))
        lines.append({"parentUuid": parent, "cwd": cwd, "sessionId": session, "version": "1.0.98",
                      "type": "user", "message": {"role": "user", "content": [
                          {"tool_use_id": "toolu_x", "type": "tool_result", "content": body}]},
                      "uuid": r, "timestamp": stamp(t),
                      "toolUseResult": {"type": "text", "file": {"numLines": body.count("\n") + 1}}})
        parent = r
        t += rng.randint(100, 2000)
        roll = rng.random()
        if roll < 0.02:
            lines.append({"cwd": cwd, "sessionId": session, "version": "1.0.98", "type": "assistant",
                          "isApiErrorMessage": True, "timestamp": stamp(t),
                          "message": {"model": "<synthetic>", "role": "assistant",
                                      "content": [{"type": "text", "text": "API Error: 529 Overloaded"}],
                                      "usage": {"input_tokens": 0, "output_tokens": 0}}})
        elif roll < 0.04:  # no ids: never de-duplicated
            lines.append({"cwd": cwd, "version": "1.0.98", "type": "assistant", "timestamp": stamp(t),
                          "message": {"model": model, "usage": {"input_tokens": rng.randint(1, 99),
                                                                "output_tokens": rng.randint(1, 99)}}})
        elif roll < 0.05:  # fails ccusage's schema: not counted by either tool
            lines.append({"type": "assistant", "timestamp": stamp(t), "message": {
                "usage": {"input_tokens": 5, "output_tokens": 5, "cache_read_input_tokens": None}}})
    return lines, t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--mb", type=float, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    target = int(args.mb * 1024 * 1024)
    written = 0
    start = 1756684800000  # 2025-09-01T00:00:00Z
    n = 0
    previous_lines = None
    while written < target:
        project = "-work-project-%d" % (n % 7)
        session = str(uuid.UUID(int=rng.getrandbits(128)))
        folder = os.path.join(args.out, "projects", project)
        os.makedirs(folder, exist_ok=True)
        lines, _ = session_lines(rng, session, "/work/project-%d" % (n % 7),
                                 start + n * 3_600_000 + rng.randint(0, 600_000), rng.randint(3, 60))
        # A resumed session repeats some messages of the previous one (cross-file duplicates).
        if previous_lines and rng.random() < 0.2:
            lines = [l for l in previous_lines[-4:] if l.get("type") == "assistant"] + lines
        previous_lines = lines
        path = os.path.join(folder, session + ".jsonl")
        with open(path, "w") as f:
            for line in lines:
                f.write(json.dumps(line, separators=(",", ":")) + "\n")
            if n % 11 == 5:
                f.write('{"type":"assistant","message":{"usage":{"input_tokens":7,\n')  # truncated
            if n % 13 == 7:
                f.write('{"type":"assistant","message":{"id":"msg_partial","usa')  # being written
        written += os.path.getsize(path)
        n += 1
    print("%d files, %.1f MB" % (n, written / 1048576.0))


if __name__ == "__main__":
    main()
