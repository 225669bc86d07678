"""What the recipe-search scripts beside this file share: override parsing, the CPU's name, and the code a trial ran."""
from __future__ import annotations
import platform, re, subprocess
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
