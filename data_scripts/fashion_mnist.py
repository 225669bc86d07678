"""Fetch Fashion-MNIST (the four gzipped IDX files) into DIR, where ssl_repro's loader finds them.

    python data_scripts/fashion_mnist.py --out DIR              # download from the official S3 bucket
    python data_scripts/fashion_mnist.py --out DIR --from /usr/share/datasets/fashion-mnist   # local copy, no network
      ->  DIR/{train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz}
    then:  SSL_REPRO_DATA=DIR ssl-repro run PAPER ...   or   ssl-repro run PAPER -p data_root=DIR

Offline alternative: `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu) puts the same four files in
  /usr/share/datasets/fashion-mnist/, which ssl_repro searches automatically - no script needed.

Source (official): https://github.com/zalandoresearch/fashion-mnist
  http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/<file>
  30,878,645 bytes in total (~29 MiB): train-images 26,421,880 / train-labels 29,515 /
  t10k-images 4,422,102 / t10k-labels 5,148 bytes. The .gz files are kept as they are (the loader reads .gz).

Checksums:
  1. sha256 of the DECOMPRESSED IDX bytes - the authoritative check, the same one ssl_repro.data applies when
     it reads the files, and the one that decides whether a file already in DIR is kept:
       train-images-idx3-ubyte c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
       train-labels-idx1-ubyte bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
       t10k-images-idx3-ubyte  5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
       t10k-labels-idx1-ubyte  0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
     source: ssl_repro/data.py FASHION_MNIST_FILES; measured identical on the Debian dataset-fashion-mnist files.
  2. sha256, md5 and size of the upstream .gz files - enforced for network downloads (before the
     decompressed check):
       train-images-idx3-ubyte.gz sha256 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84 md5 8d4fb7e6c68d591d4c3dfef9ec88bf0d
       train-labels-idx1-ubyte.gz sha256 a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845 md5 25c81989df183df01b3e8a0aad5dffbe
       t10k-images-idx3-ubyte.gz  sha256 346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073 md5 bef4ecab320f06d8554ea6380940ec79
       t10k-labels-idx1-ubyte.gz  sha256 67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5 md5 bb300cfdad3c16e7a12a480ee83cd310
     sha256 + size source: tensorflow/datasets tensorflow_datasets/url_checksums/fashion_mnist.txt; the sha256s
       also in pytorch/vision torchvision/prototype/datasets/_builtin/mnist.py (FashionMNIST._CHECKSUMS).
     md5 source: pytorch/vision torchvision/datasets/mnist.py (FashionMNIST.resources; checked in torchvision 0.29.1).
     With --from these .gz checks are informational only: the Debian package ships recompressed .gz files
     (different bytes, same content), so only the decompressed sha256 is required there.

Licence: MIT (Copyright (c) 2017 Zalando SE), https://github.com/zalandoresearch/fashion-mnist/blob/master/LICENSE

Citation:
  Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning
  Algorithms. arXiv:1708.07747, 2017.

Idempotent: a file already in DIR whose decompressed sha256 matches is not fetched again; one that does not
match is deleted and fetched again. Files are written as <name>.part and renamed into place once verified.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import sys
from pathlib import Path

import _fetch

BASE_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'
# name -> (sha256 of decompressed bytes, sha256 of upstream .gz, md5 of upstream .gz, size of upstream .gz)
FILES = {
    'train-images-idx3-ubyte.gz': ('c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
                                   '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
                                   '8d4fb7e6c68d591d4c3dfef9ec88bf0d', 26_421_880),
    'train-labels-idx1-ubyte.gz': ('bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
                                   'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
                                   '25c81989df183df01b3e8a0aad5dffbe', 29_515),
    't10k-images-idx3-ubyte.gz': ('5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
                                  '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
                                  'bef4ecab320f06d8554ea6380940ec79', 4_422_102),
    't10k-labels-idx1-ubyte.gz': ('0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
                                  '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
                                  'bb300cfdad3c16e7a12a480ee83cd310', 5_148),
}


def raw_sha256(path: Path) -> str | None:
    "sha256 of the decompressed content of a .gz file, or None if it is not a valid gzip stream."
    h = hashlib.sha256()
    try:
        with gzip.open(path, 'rb') as f:
            for chunk in iter(lambda: f.read(_fetch.CHUNK), b''): h.update(chunk)
    except (OSError, EOFError):
        return None
    return h.hexdigest()


def _check_raw(path: Path, name: str) -> list[str]:
    got = raw_sha256(path)
    want = FILES[name][0]
    if got is None: return [f'{name}: not a valid gzip file']
    return [] if got == want else [f'{name}: decompressed sha256 is {got}, expected {want}']


def _gz_note(path: Path, name: str) -> str:
    _, sha, md5, size = FILES[name]
    return ('identical to the upstream .gz (sha256 + md5 match)' if not _fetch.verify_file(path, sha256=sha, md5=md5, size=size)
            else 'a repacked .gz (its bytes differ from the upstream archive; its content matched)')


def fetch_one(out: Path, name: str, from_dir=None, timeout: float = 60.0) -> None:
    dest = out / name
    if dest.exists():
        problems = _check_raw(dest, name)
        if not problems:
            _fetch.log(f'{name}: already present, decompressed sha256 verified; skipping')
            return
        _fetch.log(f'{name}: existing file does NOT verify ({"; ".join(problems)}); deleting it and fetching again')
        dest.unlink()
    raw, gz_sha, gz_md5, gz_size = FILES[name]
    tmp = out / (name + '.unverified')  # the .gz checks happen inside ensure_file; the content check before the rename
    tmp.unlink(missing_ok=True)
    try:
        if from_dir is not None:
            src = Path(from_dir) / name
            if not src.is_file(): raise FileNotFoundError(f'--from: {src} does not exist')
            _fetch.log(f'Copying {src}\n  -> {dest}')
            digests, _ = _fetch._copy_local(src, tmp)
        else:
            _fetch.download([BASE_URL + name], tmp, sha256=gz_sha, md5=gz_md5, size=gz_size, timeout=timeout)
        problems = _check_raw(tmp, name)
        if problems:
            raise _fetch.ChecksumError(f'REFUSING {name}: its content does not match the published checksum; the file '
                                       f'was deleted.\n    ' + '\n    '.join(problems))
        if from_dir is not None: _fetch.log(f'  {name}: decompressed sha256 verified; {_gz_note(tmp, name)}')
        else: _fetch.log(f'  {name}: decompressed sha256 verified')
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def main(argv=None):
    p = _fetch.base_parser(__doc__, archive=False)
    args = p.parse_args(argv)

    def run():
        out = Path(args.out).expanduser().resolve()
        out.mkdir(parents=True, exist_ok=True)
        for name in FILES: fetch_one(out, name, args.from_dir, args.timeout)
        _fetch.log(f'\nDone: Fashion-MNIST in {out}. Use it with  SSL_REPRO_DATA={out}  or  -p data_root={out}')
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
