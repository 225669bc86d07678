"""What the recipe-search scripts beside this file share: override parsing, the CPU's name, and the code a trial ran."""
from __future__ import annotations
import json, platform, re, subprocess
from pathlib import Path


def parse(spec: str) -> dict:
    "`'key=value,key=value'` -> dict of strings (commas inside [..] lists stay); values are typed by the preset later."
    out = {}
    for item in filter(None, re.split(r',(?=\s*\w+=)', spec)):
        if '=' not in item: raise SystemExit(f"bad override {item!r}: expected key=value")
        k, v = item.split('=', 1); out[k.strip()] = v.strip()
    return out


def cpu_name() -> str:
    for line in Path('/proc/cpuinfo').read_text().splitlines() if Path('/proc/cpuinfo').exists() else []:
        if line.startswith('model name'): return line.split(':', 1)[1].strip()
    return platform.processor() or 'unknown'


def code_state() -> str:
    "The short commit of HEAD, with `+uncommitted` when the package or the notebooks differ from it (results excluded)."
    git = lambda *a: subprocess.run(['git', *a], capture_output=True, text=True).stdout.strip()
    dirty = git('status', '--porcelain', '--', 'ssl_repro', 'nbs', ':(exclude)nbs/results')
    return git('rev-parse', '--short', 'HEAD') + ('+uncommitted' if dirty else '')


def trials_to_run(argv: list, results: Path, usage: str) -> tuple[list, list]:
    """`(rows already recorded in results, [(name, spec), ...])` from `NAME 'key=value,...' ...`; refuses, before any
    training, a malformed command line, a NAME already recorded (recorded trials are never replaced) and a `from=NAME`
    that names no recorded or requested trial."""
    if not argv or len(argv) % 2: raise SystemExit(usage)
    rows = json.loads(results.read_text()) if results.exists() else []
    todo = [(argv[i], parse(argv[i + 1])) for i in range(0, len(argv), 2)]
    for name, spec in todo:
        if any(r['name'] == name for r in rows): raise SystemExit(f"trial {name!r} is already recorded in {results}: pick another name")
        if spec.get('from') and not (any(r['name'] == spec['from'] for r in rows) or any(n == spec['from'] for n, _ in todo)):
            raise SystemExit(f"from={spec['from']!r}: no such trial")
    return rows, todo
