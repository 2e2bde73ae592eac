#!/usr/bin/env python3
"""A fake `aws secretsmanager` for rotate-keys tests: versions and staging labels in
$FAKE_AWS_STATE, every argv appended to $FAKE_AWS_LOG. Moving AWSCURRENT labels the old
version AWSPREVIOUS, as Secrets Manager does."""
import json, os, sys

args = sys.argv[1:]
open(os.environ["FAKE_AWS_LOG"], "a").write(json.dumps(args) + "\n")
state_path = os.environ["FAKE_AWS_STATE"]
state = json.load(open(state_path))
versions = state["versions"]


def opt(name):
    return args[args.index(name) + 1] if name in args else None


def save():
    json.dump(state, open(state_path, "w"))


if args[:1] != ["secretsmanager"]:
    sys.exit(2)
cmd = args[1]
if cmd == "get-secret-value":
    stage = opt("--version-stage")
    for vid, v in versions.items():
        if stage in v["stages"]:
            print(json.dumps({"VersionId": vid, "SecretString": v["SecretString"], "VersionStages": v["stages"]}))
            sys.exit(0)
    sys.stderr.write("An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation\n")
    sys.exit(254)
if cmd == "describe-secret":
    print(json.dumps({"Name": opt("--secret-id"), "VersionIdsToStages": {k: v["stages"] for k, v in versions.items()}}))
    sys.exit(0)
if cmd == "put-secret-value":
    request = json.load(sys.stdin)
    vid = request["ClientRequestToken"]
    if vid in versions:
        sys.stderr.write("An error occurred (ResourceExistsException)\n")
        sys.exit(254)
    for v in versions.values():
        v["stages"] = [s for s in v["stages"] if s not in request["VersionStages"]]
    versions[vid] = {"SecretString": request["SecretString"], "stages": request["VersionStages"]}
    save()
    print(json.dumps({"VersionId": vid}))
    sys.exit(0)
if cmd == "update-secret-version-stage":
    stage, to, frm = opt("--version-stage"), opt("--move-to-version-id"), opt("--remove-from-version-id")
    if frm:
        versions[frm]["stages"].remove(stage)
        if stage == "AWSCURRENT":
            for v in versions.values():
                if "AWSPREVIOUS" in v["stages"]:
                    v["stages"].remove("AWSPREVIOUS")
            versions[frm]["stages"].append("AWSPREVIOUS")
    if to:
        versions[to]["stages"].append(stage)
    save()
    print("{}")
    sys.exit(0)
sys.exit(2)
