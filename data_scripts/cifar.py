"""Fetch CIFAR-10 or CIFAR-100 (python version) into DIR, in the layout torchvision and ssl_repro expect.

    python data_scripts/cifar.py --dataset cifar10  --out DIR   ->  DIR/cifar-10-batches-py/
    python data_scripts/cifar.py --dataset cifar100 --out DIR   ->  DIR/cifar-100-python/
    then:  ssl-repro run PAPER -p dataset=cifar10 -p data_root=DIR

Source (official): https://www.cs.toronto.edu/~kriz/cifar.html
  CIFAR-10:  https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz   170,498,071 bytes (~163 MiB)
  CIFAR-100: https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz  169,001,437 bytes (~161 MiB)
  (the extracted batches take about the same space again; --delete-archive removes the .tar.gz afterwards)

Checksums verified before extraction (a mismatch deletes the file and stops):
  cifar-10-python.tar.gz
    sha256 6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce
      source: keras-team/keras keras/src/datasets/cifar10.py (get_file file_hash) and
              pytorch/vision torchvision/prototype/datasets/_builtin/cifar.py (HttpResource sha256) - both agree
    md5    c58f30108f718f92721af3b95e74349a   source: pytorch/vision torchvision/datasets/cifar.py (tgz_md5)
  cifar-100-python.tar.gz
    sha256 85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7
      source: keras-team/keras keras/src/datasets/cifar100.py and
              pytorch/vision torchvision/prototype/datasets/_builtin/cifar.py - both agree
    md5    eb9058c3a382ffc7106e4002c42a8d85   source: pytorch/vision torchvision/datasets/cifar.py (tgz_md5)
  Sizes: Content-Length of the official files as shown in many public torchvision/keras download logs.
  (TensorFlow Datasets' url_checksums/cifar10.txt / cifar100.txt list the *binary* versions, not these files.)

Licence / terms: no formal licence is published. The CIFAR page asks that you cite the tech report below
  when using the data. The images were collected from the web (80 Million Tiny Images); use for research.

Citation:
  Alex Krizhevsky. Learning Multiple Layers of Features from Tiny Images. Technical report,
  University of Toronto, 2009.

Idempotent: a verified archive already in DIR is not downloaded again, and a completed extraction
(marker DIR/.<archive>.extracted) is skipped. The loader (torchvision CIFAR10/CIFAR100 with
download=False) additionally md5-checks every extracted batch file.
"""
from __future__ import annotations

import sys

import _fetch

DATASETS = {
    'cifar10': dict(
        filename='cifar-10-python.tar.gz',
        urls=['https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'],
        sha256='6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce',
        md5='c58f30108f718f92721af3b95e74349a',
        size=170_498_071,
        top_level=['cifar-10-batches-py']),
    'cifar100': dict(
        filename='cifar-100-python.tar.gz',
        urls=['https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz'],
        sha256='85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7',
        md5='eb9058c3a382ffc7106e4002c42a8d85',
        size=169_001_437,
        top_level=['cifar-100-python']),
}


def main(argv=None):
    p = _fetch.base_parser(__doc__)
    p.add_argument('--dataset', choices=sorted(DATASETS), required=True, help='which CIFAR to fetch')
    args = p.parse_args(argv)
    _fetch.main_guard(lambda: _fetch.fetch_archive(args, **DATASETS[args.dataset]))


if __name__ == '__main__':
    sys.exit(main())
