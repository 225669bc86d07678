"""Fetch PASCAL VOC 2012 trainval into DIR (for the DenseCL paper preset's dense-prediction evaluations).

    python data_scripts/voc.py --out DIR   ->  DIR/VOCdevkit/VOC2012/{JPEGImages,Annotations,ImageSets,
                                                 SegmentationClass,SegmentationObject}
    (the layout torchvision.datasets.VOCSegmentation / VOCDetection(root=DIR, year='2012') read)

Source (official): http://host.robots.ox.ac.uk/pascal/VOC/voc2012/
  http://host.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar   1,999,639,040 bytes (~1.9 GiB,
  uncompressed tar; about the same again once extracted; --delete-archive removes the .tar afterwards)
  Fallback mirror tried on a network error (the URL current torchvision uses; the same file):
  https://thor.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar

Checksums verified before extraction (a mismatch deletes the file and stops):
  sha256 e14f763270cf193d0b5f74b169f44157a4b0c6efa708f4dd0ff78ee691763bcb
    source: pytorch/vision torchvision/prototype/datasets/_builtin/voc.py (HttpResource for the host.robots URL)
            and tensorflow/datasets tensorflow_datasets/url_checksums/voc.txt (size 1999639040; TFDS lists the
            pjreddie.com mirror of the same file) - both agree
  md5    6cd6e144f989b92b3379bac3b3de84fd
    source: pytorch/vision torchvision/datasets/voc.py (DATASET_YEAR_DICT['2012']; checked in torchvision 0.29.1)

Not fetched here: the SBD "augmented" segmentation labels (10,582 train images, `train_aug`) that most VOC
  segmentation benchmarks, including DenseCL's, train on. `python data_scripts/voc_aug.py --out DIR` (same DIR,
  after this script) fetches SBD and writes them into VOC2012/SegmentationClassAug/:
  Hariharan et al., Semantic Contours from Inverse Detectors, ICCV 2011,
  http://home.bharathh.info/pubs/codes/SBD/download.html  (torchvision.datasets.SBDataset can read it).
  Detection fine-tuning in DenseCL/MoCo uses VOC07+12 trainval; VOC2007 is also not fetched here.

Licence / terms: the VOC annotations and devkit are provided by the PASCAL VOC organisers for research;
  the images come from flickr and remain under the flickr terms of use of their owners
  (see http://host.robots.ox.ac.uk/pascal/VOC/voc2012/ - "Use of these images must respect the
  corresponding terms of use").

Citation:
  Mark Everingham, Luc Van Gool, Christopher K. I. Williams, John Winn, Andrew Zisserman.
  The PASCAL Visual Object Classes (VOC) Challenge. IJCV 88(2), 2010.  (and, for 2012:
  Everingham et al., The PASCAL Visual Object Classes Challenge: A Retrospective. IJCV 111(1), 2015.)

Idempotent: a verified archive already in DIR is not downloaded again, and a completed extraction
(marker DIR/.VOCtrainval_11-May-2012.tar.extracted) is skipped.
"""
from __future__ import annotations

import sys

import _fetch

FILE = dict(
    filename='VOCtrainval_11-May-2012.tar',
    urls=['http://host.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar',
          'https://thor.robots.ox.ac.uk/pascal/VOC/voc2012/VOCtrainval_11-May-2012.tar'],
    sha256='e14f763270cf193d0b5f74b169f44157a4b0c6efa708f4dd0ff78ee691763bcb',
    md5='6cd6e144f989b92b3379bac3b3de84fd',
    size=1_999_639_040,
    top_level=['VOCdevkit/VOC2012'],  # only this folder is (re)placed, so a VOC2007 next to it is left alone
)


def main(argv=None):
    args = _fetch.base_parser(__doc__).parse_args(argv)
    _fetch.main_guard(lambda: _fetch.fetch_archive(args, **FILE))


if __name__ == '__main__':
    sys.exit(main())
