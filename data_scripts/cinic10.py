"""Fetch CINIC-10 into DIR (give it a folder of its own, e.g. DIR = ROOT/cinic10).

    python data_scripts/cinic10.py --out ROOT/cinic10   ->  ROOT/cinic10/{train,valid,test}/<class>/<image>.png
    then:  ssl-repro run rtk --preset cinic10 -p data_root=ROOT      (ROOT/cinic10 is searched too)

Source (official): Edinburgh DataShare, https://datashare.is.ed.ac.uk/handle/10283/3192
  https://datashare.is.ed.ac.uk/bitstream/handle/10283/3192/CINIC-10.tar.gz  (about 688 MB; 270,000 32x32 PNG images:
  train, valid and test, each 90,000 = 10 classes x 9,000, from CIFAR-10 and down-sampled ImageNet)
  Mirror tried on a network error: https://datashare.ed.ac.uk/bitstream/handle/10283/3192/CINIC-10.tar.gz

Checksum verified before extraction (a mismatch deletes the file and stops):
  md5 6ee4d0c996905fe93221de577967a372
    source: devinkwok/open_lth datasets/cinic10.py (and several other public download scripts that agree)
  Not enforced (a single, not independent source each): sha256 31b095acf6d75e25a9e028bae82a07a0f94ff6b00671be2802d34ac4efa81a9e
    (igor-krawczuk/pytorch-cinic pytorch_cinic/dataset.py) and the size 687,544,992 bytes. The script prints the
    archive's sha256 so that you can compare it.

Statistics (BayesWatch/cinic-10 README): mean [0.47889522, 0.47227842, 0.43047404], std [0.24205776, 0.23828046, 0.25874835].

Licence / terms: the dataset is distributed under CC BY 4.0 (as labelled by its public copies; the DataShare page itself
  could not be read here); the code repository BayesWatch/cinic-10 is MIT. Cite the paper below.

Citation:
  Luke N. Darlow, Elliot J. Crowley, Antreas Antoniou, Amos J. Storkey. CINIC-10 is not ImageNet or CIFAR-10.
  arXiv 1810.03505, 2018.

Idempotent: a verified archive already in DIR is not downloaded again, and a completed extraction (marker
DIR/.CINIC-10.tar.gz.extracted) is skipped.
"""
from __future__ import annotations

import sys
from pathlib import Path

import _fetch

FILE = dict(
    filename='CINIC-10.tar.gz',
    urls=['https://datashare.is.ed.ac.uk/bitstream/handle/10283/3192/CINIC-10.tar.gz',
          'https://datashare.ed.ac.uk/bitstream/handle/10283/3192/CINIC-10.tar.gz'],
    md5='6ee4d0c996905fe93221de577967a372',
    top_level=['train', 'valid', 'test'],
)
REPORTED_SHA256 = '31b095acf6d75e25a9e028bae82a07a0f94ff6b00671be2802d34ac4efa81a9e'


def main(argv=None):
    args = _fetch.base_parser(__doc__).parse_args(argv)

    def run():
        out = Path(args.out).expanduser().resolve()
        archive = out / FILE['filename']
        _fetch.fetch_archive(args, **FILE)
        if archive.exists():
            got = _fetch.file_digests(archive, ('sha256',))['sha256']
            _fetch.log(f'sha256 of {archive.name}: {got} ('
                       + ('matches' if got == REPORTED_SHA256 else 'differs from') + ' the value reported by igor-krawczuk/pytorch-cinic)')
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
