"""Fetch STL-10 (binary version) into DIR, in the layout torchvision and ssl_repro expect.

    python data_scripts/stl10.py --out DIR   ->  DIR/stl10_binary/{train,test,unlabeled}_X.bin, ..._y.bin, class_names.txt
    then:  ssl-repro run PAPER -p dataset=stl10 -p data_root=DIR

Source (official): https://cs.stanford.edu/~acoates/stl10/
  http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz   2,640,397,119 bytes (~2.5 GiB download,
  ~2.6 GB more once extracted; --delete-archive removes the .tar.gz afterwards)
  Fallback mirror tried on a network error: https://cs.stanford.edu/~acoates/stl10/stl10_binary.tar.gz

Checksums verified before extraction (a mismatch deletes the file and stops):
  sha256 f31fd99273a1acb8609c8db427cebb1de3f71de77758cdc0e22956e1289b9866
    source: tensorflow/datasets tensorflow_datasets/url_checksums/stl10.txt
            (line: URL, size 2640397119, sha256)
  md5    91f7769df0f17e558f3565bffb0c7dfb
    source: pytorch/vision torchvision/datasets/stl10.py (tgz_md5)

Licence / terms: no formal licence is published. The images are taken from ImageNet, so ImageNet's terms
  (non-commercial research and educational use) are the prudent reading. Cite the paper below.

Citation:
  Adam Coates, Honglak Lee, Andrew Y. Ng. An Analysis of Single-Layer Networks in Unsupervised Feature
  Learning. AISTATS 2011.

Idempotent: a verified archive already in DIR is not downloaded again, and a completed extraction
(marker DIR/.stl10_binary.tar.gz.extracted) is skipped. torchvision's STL10 (download=False) also
md5-checks the extracted .bin files.
"""
from __future__ import annotations

import sys

import _fetch

FILE = dict(
    filename='stl10_binary.tar.gz',
    urls=['http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz',
          'https://cs.stanford.edu/~acoates/stl10/stl10_binary.tar.gz'],
    sha256='f31fd99273a1acb8609c8db427cebb1de3f71de77758cdc0e22956e1289b9866',
    md5='91f7769df0f17e558f3565bffb0c7dfb',
    size=2_640_397_119,
    top_level=['stl10_binary'],
)


def main(argv=None):
    args = _fetch.base_parser(__doc__).parse_args(argv)
    _fetch.main_guard(lambda: _fetch.fetch_archive(args, **FILE))


if __name__ == '__main__':
    sys.exit(main())
