"""Shared download / verify / extract helpers for the `data_scripts/*.py` fetch scripts.

Standard library only. These scripts are run by hand (`python data_scripts/<name>.py --out DIR`);
nothing in the `ssl_repro` package imports them and they are not run in CI.

What this module provides
-------------------------
* `download(urls, dest, ...)`: streams a URL to `dest + '.part'` with a progress line on stderr,
  hashes the bytes while they arrive (sha256 + md5), checks the size and the published checksums,
  and only then renames the file into place with `os.replace` (atomic on one filesystem).
  On a mismatch the partial file is deleted and `ChecksumError` is raised. Resume is not supported:
  an interrupted download restarts from zero. Several URLs may be given (mirrors, tried in order).
* `ensure_file(...)`: the idempotent wrapper: a file already at `dest` that verifies is kept
  (no network access at all); one that does not verify is deleted and fetched again.
  With `from_dir`, the file is copied from a local directory instead of the network (same checks).
* `verify_file(path, sha256=, md5=, size=)`: returns a list of human-readable problems (empty = OK).
* `safe_extract(archive, dest)`: tar (any compression) or zip extraction that refuses absolute
  paths, `..` components, links that point outside `dest`, and device/FIFO members.
* `extract_once(archive, out, top_level=[...], post=...)`: extracts into a hidden staging folder
  inside `out`, runs an optional post-processing step there, moves the top-level folders into
  place and writes a marker file, so a re-run skips work that is already complete.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import stat
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

__all__ = ['ChecksumError', 'UnsafeArchiveError', 'human', 'log', 'file_digests', 'verify_file',
           'download', 'ensure_file', 'trusted_file', 'safe_extract', 'extract_once', 'is_extracted', 'fetch_archive', 'base_parser',
           'main_guard']

CHUNK = 1 << 20  # 1 MiB
USER_AGENT = 'ssl_repro-data_scripts/1.0 (+python urllib)'


class ChecksumError(RuntimeError):
    "A downloaded or existing file does not match its published checksum or size."


class UnsafeArchiveError(RuntimeError):
    "An archive member would be written outside the target directory (or is a device/FIFO)."


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def human(n: float | None) -> str:
    if n is None: return '?'
    for unit in ('B', 'KB', 'MB', 'GB', 'TB'):
        if abs(n) < 1000 or unit == 'TB': return f'{n:.0f} {unit}' if unit == 'B' else f'{n:.1f} {unit}'
        n /= 1000
    return f'{n:.1f} TB'


# ------------------------------------------------------------------------------------ hashing
def file_digests(path, algos=('sha256', 'md5')) -> dict[str, str]:
    "Hex digests of a file, streamed in 1 MiB chunks."
    hs = {a: hashlib.new(a) for a in algos}
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(CHUNK), b''):
            for h in hs.values(): h.update(chunk)
    return {a: h.hexdigest() for a, h in hs.items()}


def _compare(name: str, got: dict, size_got: int | None, sha256=None, md5=None, size=None) -> list[str]:
    problems = []
    if size is not None and size_got is not None and size_got != size:
        problems.append(f'{name}: size is {size_got:,} bytes, expected {size:,}')
    if sha256 is not None and got.get('sha256') != sha256.lower():
        problems.append(f'{name}: sha256 is {got.get("sha256")}, expected {sha256.lower()}')
    if md5 is not None and got.get('md5') != md5.lower():
        problems.append(f'{name}: md5 is {got.get("md5")}, expected {md5.lower()}')
    return problems


def verify_file(path, sha256: str | None = None, md5: str | None = None, size: int | None = None) -> list[str]:
    """Check `path` against the given size / sha256 / md5; return a list of problems (empty list = verified).
    A missing file is reported as a problem. At least one of sha256/md5 must be given."""
    if sha256 is None and md5 is None: raise ValueError('verify_file needs a sha256 or an md5 to check against')
    path = Path(path)
    if not path.is_file(): return [f'{path.name}: missing']
    size_got = path.stat().st_size
    if size is not None and size_got != size:  # cheap check first; no need to hash a truncated file
        return [f'{path.name}: size is {size_got:,} bytes, expected {size:,}']
    algos = [a for a, v in (('sha256', sha256), ('md5', md5)) if v is not None]
    return _compare(path.name, file_digests(path, algos), size_got, sha256, md5, size)


# ------------------------------------------------------------------------------------ download
class _Progress:
    def __init__(self, label: str, total: int | None):
        self.label, self.total, self.done = label, total, 0
        self.t0 = self.last = time.monotonic()
        self.tty = sys.stderr.isatty()

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last < (0.5 if self.tty else 30): return
        self.last = now
        self._print()

    def _print(self, end: str = '') -> None:
        rate = self.done / max(time.monotonic() - self.t0, 1e-6)
        pct = f'{100 * self.done / self.total:5.1f}% ' if self.total else ''
        line = f'  {self.label}: {pct}{human(self.done)} / {human(self.total)} at {human(rate)}/s'
        if self.tty: print('\r' + line.ljust(79), end=end, file=sys.stderr, flush=True)
        else: print(line, file=sys.stderr, flush=True)

    def finish(self) -> None:
        self._print(end='\n')


def _stream_url(url: str, part: Path, total_hint: int | None, timeout: float) -> tuple[dict, int]:
    req = urllib.request.Request(url, headers={'User-Agent': USER_AGENT})
    hs = {'sha256': hashlib.sha256(), 'md5': hashlib.md5()}
    n = 0
    with urllib.request.urlopen(req, timeout=timeout) as r, open(part, 'wb') as f:
        length = r.headers.get('Content-Length')
        total = int(length) if length and length.isdigit() else total_hint
        prog = _Progress(part.name[:-len('.part')], total)
        for chunk in iter(lambda: r.read(CHUNK), b''):
            f.write(chunk)
            for h in hs.values(): h.update(chunk)
            n += len(chunk)
            prog.update(len(chunk))
        prog.finish()
        f.flush(); os.fsync(f.fileno())
    return {k: h.hexdigest() for k, h in hs.items()}, n


def _copy_local(src: Path, part: Path) -> tuple[dict, int]:
    hs = {'sha256': hashlib.sha256(), 'md5': hashlib.md5()}
    n = 0
    with open(src, 'rb') as fi, open(part, 'wb') as fo:
        for chunk in iter(lambda: fi.read(CHUNK), b''):
            fo.write(chunk)
            for h in hs.values(): h.update(chunk)
            n += len(chunk)
    return {k: h.hexdigest() for k, h in hs.items()}, n


def _mismatch_message(dest: Path, source: str, problems: list[str]) -> str:
    return (f'REFUSING {dest.name} from {source}: it does not match the published checksum(s); '
            f'the fetched copy was deleted.\n    ' + '\n    '.join(problems) +
            '\n  The server may have served an error page, the download may be corrupt, or the file may have '
            'changed upstream. Nothing was extracted. Retry, or check the source listed in the script.')


def download(urls, dest, sha256: str | None = None, md5: str | None = None, size: int | None = None,
             timeout: float = 60.0) -> Path:
    """Download the first working URL of `urls` to `dest`, verifying size / sha256 / md5 before an atomic rename.
    Raises `ChecksumError` (after deleting the partial file) on a mismatch; tries the next mirror on network errors."""
    if sha256 is None and md5 is None: raise ValueError('refusing to download without a checksum to verify against')
    urls = [urls] if isinstance(urls, str) else list(urls)
    dest = Path(dest); dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + '.part')
    errors = []
    for url in urls:
        log(f'Downloading {url}\n  -> {dest}' + (f' ({human(size)})' if size else ''))
        try:
            digests, n = _stream_url(url, part, size, timeout)
        except (urllib.error.URLError, OSError, TimeoutError) as e:  # HTTPError is a URLError
            part.unlink(missing_ok=True)
            errors.append(f'{url}: {e}')
            log(f'  failed: {e}')
            continue
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        problems = _compare(dest.name, digests, n, sha256, md5, size)
        if problems:
            part.unlink(missing_ok=True)
            raise ChecksumError(_mismatch_message(dest, url, problems))
        os.replace(part, dest)
        log(f'  verified {dest.name}: ' + ', '.join(f'{k} {v}' for k, v in (('sha256', sha256), ('md5', md5)) if v))
        return dest
    raise ConnectionError(f'could not download {dest.name} from any URL:\n  ' + '\n  '.join(errors))


def ensure_file(urls, dest, sha256: str | None = None, md5: str | None = None, size: int | None = None,
                from_dir=None, timeout: float = 60.0) -> Path:
    """Idempotent fetch: keep `dest` if it already verifies, otherwise (re)download it, or copy it from
    `from_dir/<name>` when `from_dir` is given (no network). Every path ends with the same verification."""
    dest = Path(dest)
    if dest.exists():
        log(f'Found {dest}; verifying ...')
        problems = verify_file(dest, sha256=sha256, md5=md5, size=size)
        if not problems:
            log(f'  already present and verified, skipping download: {dest.name}')
            return dest
        log('  existing file does NOT verify (' + '; '.join(problems) + '); deleting it and fetching again')
        dest.unlink()
    if from_dir is not None:
        src = Path(from_dir) / dest.name
        if not src.is_file(): raise FileNotFoundError(f'--from: {src} does not exist')
        log(f'Copying {src}\n  -> {dest}')
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + '.part')
        try: digests, n = _copy_local(src, part)
        except BaseException:
            part.unlink(missing_ok=True); raise
        problems = _compare(dest.name, digests, n, sha256, md5, size)
        if problems:
            part.unlink(missing_ok=True)
            raise ChecksumError(_mismatch_message(dest, str(src), problems))
        os.replace(part, dest)
        log(f'  verified {dest.name}')
        return dest
    return download(urls, dest, sha256=sha256, md5=md5, size=size, timeout=timeout)


# ------------------------------------------------------------------------------------ extraction
def _safe_relpath(name: str, what: str) -> PurePosixPath:
    "Normalise an archive member name; raise UnsafeArchiveError if it is absolute or climbs out with '..'."
    norm = name.replace('\\', '/')
    p = PurePosixPath(norm)
    if norm.startswith('/') or (len(norm) > 1 and norm[1] == ':') or p.is_absolute():
        raise UnsafeArchiveError(f'{what}: absolute path {name!r} in archive')
    parts = [x for x in p.parts if x not in ('', '.')]
    if '..' in parts: raise UnsafeArchiveError(f'{what}: path {name!r} escapes the target directory')
    return PurePosixPath(*parts) if parts else PurePosixPath('.')


def _inside(root: Path, target: Path) -> bool:
    root = os.path.realpath(root); target = os.path.realpath(target)
    return os.path.commonpath([root, target]) == root


def _check_tar_members(tf: tarfile.TarFile, dest: Path, what: str) -> list[tarfile.TarInfo]:
    members = []
    for m in tf.getmembers():
        rel = _safe_relpath(m.name, what)
        target = dest / rel
        if not _inside(dest, target): raise UnsafeArchiveError(f'{what}: {m.name!r} resolves outside {dest}')
        if m.issym() or m.islnk():
            link = m.linkname.replace('\\', '/')
            if link.startswith('/'): raise UnsafeArchiveError(f'{what}: link {m.name!r} -> absolute {m.linkname!r}')
            # symlinks are relative to the member's folder; hard links to the archive root
            base = (dest / rel).parent if m.issym() else dest
            if not _inside(dest, base / link):
                raise UnsafeArchiveError(f'{what}: link {m.name!r} -> {m.linkname!r} points outside {dest}')
        elif not (m.isfile() or m.isdir()):
            raise UnsafeArchiveError(f'{what}: refusing special member {m.name!r} (device, FIFO or unknown type)')
        members.append(m)
    return members


def safe_extract(archive, dest) -> list[str]:
    """Extract a tar (.tar, .tar.gz, ...) or .zip archive into `dest`, refusing any member that would land
    outside `dest` (absolute paths, '..', escaping links) and device/FIFO members. All members are checked
    BEFORE anything is written. Returns the top-level names in the archive."""
    archive, dest = Path(archive), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    what = archive.name
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for zi in infos:
                rel = _safe_relpath(zi.filename, what)
                if not _inside(dest, dest / rel): raise UnsafeArchiveError(f'{what}: {zi.filename!r} resolves outside {dest}')
                if stat.S_ISLNK(zi.external_attr >> 16):
                    raise UnsafeArchiveError(f'{what}: refusing symlink member {zi.filename!r}')
            for zi in infos: zf.extract(zi, dest)
            names = [zi.filename for zi in infos]
    elif tarfile.is_tarfile(archive):
        with tarfile.open(archive) as tf:
            members = _check_tar_members(tf, dest, what)
            kw = {'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}  # belt and braces on 3.11.4+/3.12+
            tf.extractall(dest, members=members, **kw)
            names = [m.name for m in members]
    else:
        raise ValueError(f'{archive} is neither a tar nor a zip archive')
    return sorted({_safe_relpath(n, what).parts[0] for n in names if _safe_relpath(n, what).parts})


def _marker(out: Path, archive_name: str) -> Path:
    return out / f'.{archive_name}.extracted'


def is_extracted(out, archive_name: str, top_level, token: str) -> bool:
    "True when a previous `extract_once` of this archive (same checksum token) completed and its folders exist."
    out = Path(out); m = _marker(out, archive_name)
    return m.is_file() and m.read_text().strip() == token and all((out / t).exists() for t in top_level)


def extract_once(archive, out, top_level, token: str, post=None, force: bool = False) -> None:
    """Extract `archive` into `out` via a staging folder, so `out` only ever holds complete trees.
    `top_level`: the folder names the archive must produce (checked). `token`: a string recorded in the marker
    (the checksum), so a different archive re-extracts. `post(staging_dir)`: optional reorganisation step run
    before the folders are moved into place. Existing targets are only replaced with `force=True`."""
    archive, out = Path(archive), Path(out)
    if not force and is_extracted(out, archive.name, top_level, token):
        log(f'{", ".join(top_level)} already extracted from {archive.name}; skipping extraction')
        return
    existing = [t for t in top_level if (out / t).exists()]
    if existing and not force:
        raise FileExistsError(f'{", ".join(str(out / t) for t in existing)} already exist(s) but were not produced by a '
                              f'complete run of this script (no marker {_marker(out, archive.name).name}). '
                              f'Remove them, or re-run with --force to replace them.')
    staging = out / f'.staging-{archive.name}'
    if staging.exists(): shutil.rmtree(staging)
    log(f'Extracting {archive.name} into {out} (via {staging.name}) ...')
    try:
        found = safe_extract(archive, staging)
        missing = [t for t in top_level if not (staging / t).exists()]
        if missing: raise RuntimeError(f'{archive.name} did not contain the expected folder(s) {missing}; found {found}')
        if post is not None: post(staging)
        for t in top_level:
            if (out / t).exists(): shutil.rmtree(out / t) if (out / t).is_dir() else (out / t).unlink()
            (out / t).parent.mkdir(parents=True, exist_ok=True)  # top-level entries may be nested, e.g. VOCdevkit/VOC2012
            os.replace(staging / t, out / t)
    finally:
        if staging.exists(): shutil.rmtree(staging)
    _marker(out, archive.name).write_text(token + '\n')
    log('  done: ' + ', '.join(str(out / t) for t in top_level))


def trusted_file(url: str, dest, *, trust: bool, from_dir=None, timeout: float = 60.0) -> Path:
    """Trust on first use, for files whose checksum nobody publishes: `dest` verified against the sha256 + size recorded
    in `dest.sha256`; else fetched (only with `trust`), its sha256 + size recorded, and checked against an older record.
    A copy that does not match is deleted and `ChecksumError` raised."""
    dest = Path(dest); record = dest.with_name(dest.name + '.sha256')
    if record.exists() and dest.exists():
        sha256, size = record.read_text().split()
        problems = verify_file(dest, sha256=sha256, size=int(size))
        if problems: raise ChecksumError(f'{dest} does not match its recorded checksum ({record}): ' + '; '.join(problems))
        return dest
    if not trust:
        raise RuntimeError(f'no checksum is published for {url}: pass --trust-unpublished to download it anyway '
                           f'(its sha256 is then recorded in {record} and checked on later runs)')
    src = Path(from_dir) / dest.name if from_dir else None
    part = dest.with_name(dest.name + '.part')
    try:
        digests, n = _copy_local(src, part) if src else _stream_url(url, part, None, timeout)
    except (urllib.error.URLError, OSError) as e:
        part.unlink(missing_ok=True); raise ConnectionError(f'{src or url}: {e}')
    if record.exists() and record.read_text().split()[0] != digests['sha256']:
        part.unlink(missing_ok=True)
        raise ChecksumError(f'{dest.name}: sha256 {digests["sha256"]} differs from the one recorded in {record}; the copy was deleted')
    part.replace(dest)
    record.write_text(f"{digests['sha256']} {n}\n")
    log(f'{dest.name}: sha256 {digests["sha256"]}, {n:,} bytes (recorded in {record}; no published value to compare)')
    return dest


# ------------------------------------------------------------------------------------ CLI plumbing
def base_parser(doc: str, archive: bool = True) -> argparse.ArgumentParser:
    "An argparse parser whose --help shows the script's module docstring (size, licence, citation, source)."
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True, metavar='DIR', help='dataset root to create/fill (the loader\'s data_root)')
    p.add_argument('--from', dest='from_dir', metavar='SRC_DIR', default=None,
                   help='copy the official file(s) from this local directory instead of downloading; same checks apply')
    p.add_argument('--timeout', type=float, default=60.0, help='network timeout in seconds per read (default 60)')
    if archive:
        p.add_argument('--force', action='store_true', help='re-extract even if a previous run completed, replacing the folders')
        p.add_argument('--delete-archive', action='store_true',
                       help='delete the downloaded archive after a successful extraction (a re-run then skips via the marker file)')
    return p


def fetch_archive(args, filename: str, urls, top_level, sha256: str | None = None, md5: str | None = None,
                  size: int | None = None, post=None) -> None:
    """The common body of the archive scripts: skip if already extracted, else ensure the verified archive
    is in `args.out`, extract it safely (with optional `post` reorganisation) and optionally delete it."""
    out = Path(args.out).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    token = f'sha256:{sha256}' if sha256 else f'md5:{md5}'
    if not args.force and is_extracted(out, filename, top_level, token):
        log(f'{", ".join(str(out / t) for t in top_level)}: already fetched, verified and extracted by a previous run; '
            f'nothing to do (use --force to redo the extraction).')
        return
    if sha256 is None:
        log(f'NOTE: no published sha256 was found for {filename}; verifying the published md5 and the size instead.')
    archive = ensure_file(urls, out / filename, sha256=sha256, md5=md5, size=size, from_dir=args.from_dir,
                          timeout=args.timeout)
    extract_once(archive, out, top_level, token, post=post, force=args.force)
    if args.delete_archive:
        archive.unlink()
        log(f'Deleted {archive} (--delete-archive)')
    log(f'\nDone. Point ssl_repro at it with:  -p data_root={out}')


def main_guard(fn) -> None:
    "Run `fn()`; turn expected failures into a one-paragraph message and exit status 1."
    try:
        fn()
    except (ChecksumError, UnsafeArchiveError, ConnectionError, FileNotFoundError, FileExistsError, RuntimeError) as e:
        log(f'\nERROR: {e}')
        sys.exit(1)
    except KeyboardInterrupt:
        log('\nInterrupted; partial downloads (*.part) were removed.')
        sys.exit(130)
