"""Fetch SVHN (cropped digits, format 2: train and test, without `extra`) into DIR and convert it for ssl_repro.

    python data_scripts/svhn.py --out DIR   ->  DIR/train_32x32.mat, DIR/test_32x32.mat (kept)
                                                DIR/svhn-cropped/{train,test}.npz  (what ssl_repro loads)
    then:  ssl-repro run rtk --preset svhn -p data_root=DIR

Source (official): http://ufldl.stanford.edu/housenumbers/
  train_32x32.mat   182,040,794 bytes   73,257 digits
  test_32x32.mat     64,275,384 bytes   26,032 digits
  (extra_32x32.mat, 1,329,278,602 bytes and 531,131 digits, is not fetched: --extra fetches it too)

Checksums verified before use (a mismatch deletes the file and stops):
  train_32x32.mat  sha256 435e94d69a87fde4fd4d7f3dd208dfc32cb6ae8af2240d066de1df7508d083b8  md5 e26dedcc434d2e4c54c9b2d4a06d8373
  test_32x32.mat   sha256 cdce80dfb2a2c4c6160906d0bd7c68ec5a99d7ca4831afa54f09182025b6a75b  md5 eb5a983be6a315427106f1b164d9cef3
  extra_32x32.mat  sha256 a133a4beb38a00fcdda90c9489e0c04f900b660ce8a316a5e854838379a71eb3  md5 a93ce644f1a588dc4d68dda5feec44a7
  sources: sizes and sha256 from tensorflow/datasets tensorflow_datasets/url_checksums/svhn_cropped.txt, the same sha256
           in pytorch/vision torchvision/prototype/datasets/_builtin/svhn.py; md5 from pytorch/vision
           torchvision/datasets/svhn.py (where the URLs are also listed).

Conversion: the .mat files (MATLAB v5) are read with scipy.io.loadmat, as torchvision's SVHN does; scipy is needed
  for this step only (`pip install scipy`; the verified downloads are kept if it is missing). X [32, 32, 3, N] becomes
  x uint8 [N, 32, 32, 3]; label 10 (the digit 0) becomes 0, as in torchvision.

Licence / terms: no licence file was found with the data; the SVHN page (not read here) is commonly quoted as
  allowing non-commercial use only. Cite the paper below.

Citation:
  Yuval Netzer, Tao Wang, Adam Coates, Alessandro Bissacco, Bo Wu, Andrew Y. Ng. Reading Digits in Natural Images
  with Unsupervised Feature Learning. NIPS Workshop on Deep Learning and Unsupervised Feature Learning, 2011.

Idempotent: verified .mat files are not downloaded again, and an existing .npz is only rewritten with --force.
"""
from __future__ import annotations

import sys
from pathlib import Path

import _fetch

BASE = 'http://ufldl.stanford.edu/housenumbers/'
FILES = {
    'train': dict(filename='train_32x32.mat', size=182_040_794, md5='e26dedcc434d2e4c54c9b2d4a06d8373',
                  sha256='435e94d69a87fde4fd4d7f3dd208dfc32cb6ae8af2240d066de1df7508d083b8'),
    'test': dict(filename='test_32x32.mat', size=64_275_384, md5='eb5a983be6a315427106f1b164d9cef3',
                 sha256='cdce80dfb2a2c4c6160906d0bd7c68ec5a99d7ca4831afa54f09182025b6a75b'),
    'extra': dict(filename='extra_32x32.mat', size=1_329_278_602, md5='a93ce644f1a588dc4d68dda5feec44a7',
                  sha256='a133a4beb38a00fcdda90c9489e0c04f900b660ce8a316a5e854838379a71eb3'),
}


def convert(mat: Path, npz: Path) -> None:
    "One .mat file -> npz with x uint8 [N, 32, 32, 3] and y int64 in 0..9 (written atomically)."
    try:
        from scipy.io import loadmat
    except ImportError:
        raise SystemExit(f'{mat.name} is downloaded and verified, but converting it needs scipy: `pip install scipy`, then run this '
                         'script again (the download is kept).')
    import numpy as np
    m = loadmat(str(mat))
    x, y = np.ascontiguousarray(m['X'].transpose(3, 0, 1, 2)), m['y'].astype(np.int64).reshape(-1) % 10
    tmp = npz.with_name(npz.stem + '.part.npz')
    np.savez(tmp, x=x, y=y)
    tmp.replace(npz)
    _fetch.log(f'  {npz}: {len(y):,} digits')


def main(argv=None):
    p = _fetch.base_parser(__doc__, archive=False)
    p.add_argument('--extra', action='store_true', help='also fetch and convert extra_32x32.mat (1.3 GB)')
    p.add_argument('--force', action='store_true', help='rewrite existing .npz files')
    args = p.parse_args(argv)

    def run():
        out = Path(args.out).expanduser().resolve(); (out / 'svhn-cropped').mkdir(parents=True, exist_ok=True)
        for split in ['train', 'test'] + (['extra'] if args.extra else []):
            f = FILES[split]
            npz = out / 'svhn-cropped' / f'{split}.npz'
            if npz.exists() and not args.force:
                _fetch.log(f'{npz} exists; skipping (use --force to rewrite it)'); continue
            mat = _fetch.ensure_file([BASE + f['filename']], out / f['filename'], sha256=f['sha256'], md5=f['md5'],
                                     size=f['size'], from_dir=args.from_dir, timeout=args.timeout)
            convert(mat, npz)
        _fetch.log(f'\nDone. Point ssl_repro at it with:  -p data_root={out}')
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
