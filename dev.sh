#!/usr/bin/env bash
# ssl_repro's one entry point for set-up, tests and reproductions (used by README, CI and .ci/run).
#
#   ./dev.sh reproduce [ssl-repro run options]   set up, then run the SimCLR notebook at the `cpu` preset end to end
#   ./dev.sh test                                set up, then run the whole test suite
#   ./dev.sh setup                               only the set-up (idempotent)
#   ./dev.sh docs                                set up, then build the documentation site into _docs/ (offline)
#   ./dev.sh deps                                print the Debian packages and pip extras the set-up installs
#
# Set-up on a fresh Debian/Ubuntu machine with Python 3.10+: the Debian packages of settings.ini's
# `debian_packages` (the offline data of the embedded defaults, e.g. `dataset-fashion-mnist`, which is skipped when
# SSL_REPRO_DATA is set), a virtual environment in .venv, PyTorch, and this package with its pinned nbdev 2
# toolchain. Environment knobs: PYTHON (interpreter, default python3), VENV (default .venv), TORCH_SPEC (default
# "torch==2.14.1 torchvision==0.29.1"), TORCH_INDEX_URL (e.g. the PyTorch CPU wheel index in CI), EXTRAS (optional
# extras of settings.ini's `extras`, comma-separated or `all`: their pip requirements `<extra>_requirements` and
# Debian packages `<extra>_debian`, e.g. EXTRAS=captioning for METEOR's Java runtime).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
TORCH_SPEC=${TORCH_SPEC:-"torch==2.14.1 torchvision==0.29.1"}
EXTRAS=${EXTRAS:-}

log() { printf '\n== %s\n' "$*" >&2; }

deps() {   # two lines from settings.ini: the Debian packages, then the pip extras ("dev,<extra>,...")
  "$PYTHON" - "$EXTRAS" <<'PY'
import configparser, sys
c = configparser.ConfigParser(delimiters=['=']); c.read('settings.ini', encoding='utf-8'); d = c['DEFAULT']
declared = d.get('extras', '').split()
want = [e.strip() for e in sys.argv[1].split(',') if e.strip()]
if want == ['all']: want = declared
bad = [e for e in want if e not in declared]
if bad: sys.exit(f"dev.sh: unknown extra(s) {', '.join(bad)} in EXTRAS; settings.ini declares: {' '.join(declared) or 'none'}")
print(' '.join(d.get('debian_packages', '').split() + [p for e in want for p in d.get(f'{e}_debian', '').split()]))
print(','.join(['dev'] + want))
PY
}

setup() {
  local out debs pipx missing=()
  out=$(deps); debs=$(sed -n 1p <<<"$out"); pipx=$(sed -n 2p <<<"$out")
  for p in $debs; do
    [ "$p" = dataset-fashion-mnist ] && [ -n "${SSL_REPRO_DATA:-}" ] && continue   # the data comes from SSL_REPRO_DATA
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
      log "installing Debian packages: ${missing[*]}"
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
      $SUDO apt-get install -y "${missing[@]}" || { $SUDO apt-get update && $SUDO apt-get install -y "${missing[@]}"; } \
        || log "could not install ${missing[*]} (for dataset-fashion-mnist: python data_scripts/fashion_mnist.py --out DIR; export SSL_REPRO_DATA=DIR)"
    else log "not a Debian/Ubuntu machine: install ${missing[*]} (or their data, see docs/guide.md 'Data notes') yourself"; fi
  fi
  if [ ! -x "$VENV/bin/python" ]; then log "creating $VENV"; "$PYTHON" -m venv "$VENV"; fi
  local stamp="$VENV/.ssl_repro_setup" want
  want=$(cat settings.ini setup.py | sha256sum | cut -c1-16)-$(echo "$TORCH_SPEC" | sha256sum | cut -c1-8)-$pipx
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing PyTorch ($TORCH_SPEC) and ssl_repro[$pipx]"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    # shellcheck disable=SC2086
    "$VENV/bin/python" -m pip install -q $TORCH_SPEC ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"}
    "$VENV/bin/python" -m pip install -q -e ".[$pipx]"
    echo "$want" > "$stamp"
  fi
  export PATH="$PWD/$VENV/bin:$PATH"
}

git_clean_check() {   # $1: what to say when the tree is dirty
  if git rev-parse --git-dir >/dev/null 2>&1; then
    local dirty; dirty=$(git status --porcelain --untracked-files=all -- nbs ssl_repro pyproject.toml)
    if [ -n "$dirty" ]; then echo "$dirty" >&2; log "FAILED: $1"; git --no-pager diff --stat >&2; exit 1; fi
  else log "not a git checkout: skipping the '$1' check"; fi
}

docs() {   # the site: sources from nbs/ (docs/build_source.py, the project's env), Sphinx + MyST-NB in their own env
  local dv=${DOCS_VENV:-.venv-docs} want
  want=$(sha256sum docs/requirements.txt | cut -c1-16)
  if [ ! -x "$dv/bin/sphinx-build" ] || [ "$(cat "$dv/.ssl_repro_docs" 2>/dev/null)" != "$want" ]; then
    log "installing the documentation toolchain (docs/requirements.txt) into $dv"
    "$PYTHON" -m venv "$dv"
    "$dv/bin/python" -m pip install -q -r docs/requirements.txt
    echo "$want" > "$dv/.ssl_repro_docs"
  fi
  python docs/build_source.py --out _proc/docs
  rm -rf _docs
  "$dv/bin/sphinx-build" -q -W --keep-going -b html -c docs _proc/docs _docs
  log "documentation site in _docs/ (open _docs/index.html)"
}

test_install() {   # pip install . into a fresh venv, then use it from another directory
  local tmp; tmp=$(mktemp -d)
  log "pip install . into a fresh venv ($tmp/venv), then ssl-repro list / run --preset smoke from $tmp"
  "$PYTHON" -m venv "$tmp/venv"
  # reuse the big dependencies (torch, ...) of $VENV instead of downloading them again
  local site; site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  "$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' | xargs -I{} sh -c "echo '$site' > {}/_ssl_repro_deps.pth"
  "$VENV/bin/python" -m pip wheel -q --no-deps --no-build-isolation . -w "$tmp/wheel"
  "$tmp/venv/bin/python" -m pip install -q --no-deps "$tmp"/wheel/*.whl
  ( cd "$tmp" && PATH="$tmp/venv/bin:$PATH"
    "$tmp/venv/bin/python" -c 'import ssl_repro, sys; p = ssl_repro.__file__; print(p); sys.exit("imported the checkout, not the wheel" if "/site-packages/" not in p else 0)'
    ssl-repro list
    ssl-repro run simclr --preset smoke --out "$tmp/runs" --name smoke --no-progress
    test -f "$tmp/runs/simclr/smoke/results.json" && test -f "$tmp/runs/simclr/smoke/notebook.ipynb" )
  rm -rf "$tmp"
}

cmd=${1:-help}; shift || true
case "$cmd" in
  setup) setup ;;
  docs) setup; docs ;;
  deps) out=$(deps); printf 'debian: %s\npip extras: %s\n' "$(sed -n 1p <<<"$out")" "$(sed -n 2p <<<"$out")" ;;
  test)
    setup
    start=$(date +%s)
    log "nbdev_export: the package must match the notebooks"; nbdev_export; git_clean_check "notebooks and the exported package are out of sync (run nbdev_export and commit)"
    log "nbdev_clean: notebooks must be clean"; nbdev_clean; git_clean_check "notebooks are not clean (run nbdev_clean and commit)"
    log "nbdev_test: every notebook's definitions and unit tests (cells flagged slow are skipped)"
    nbdev_test --n_workers "${NB_WORKERS:-1}" --timing
    log "README's table of papers and the guide's generated tables are up to date"; ssl-repro readme --check
    log "no number without a file: cited nbs/results files exist, cited commits are commits"; ssl-repro check-citations
    log "smoke: every paper notebook through 'ssl-repro run --preset smoke', asserting on results.json"
    ssl-repro smoke
    log "benchmarks at tiny sizes (they must run; no timing is asserted)"
    bench_out=$(mktemp -d); ssl-repro bench --smoke --out "$bench_out/bench"; rm -rf "$bench_out"
    log "documentation: build the site, then check it in headless Chromium (pages, links, figures, claims tables, numbers)"
    docs; python docs/check_site.py --site _docs
    test_install
    log "all tests passed in $(( $(date +%s) - start )) s" ;;
  reproduce)
    setup
    ssl-repro run simclr --preset cpu "$@" ;;
  *) sed -n '2,12p' "$0"; [ "$cmd" = help ] ;;
esac
