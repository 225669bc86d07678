"""Fetch the SBD segmentation labels and build VOC 2012 `train_aug` (10,582 images) inside an existing VOC 2012 folder.

    python data_scripts/voc.py --out DIR        # first: VOC 2012 trainval -> DIR/VOCdevkit/VOC2012
    python data_scripts/voc_aug.py --out DIR    # then:  DIR/benchmark_RELEASE (SBD) and, inside VOC2012,
                                                #        SegmentationClassAug/<id>.png + ImageSets/Segmentation/train_aug.txt
    ssl-repro run densecl --preset paper -p data_root=IMAGENET -p voc_root=DIR      (voc_split='train_aug', the default)

`train_aug` is the training set of most VOC segmentation benchmarks, DenseCL's FCN evaluation included:
(SBD train + SBD val + VOC 2012 train) minus VOC 2012 val. Its labels are SBD's where SBD has the image (the
`GTcls.Segmentation` class map of `dataset/cls/<id>.mat`) and VOC's own otherwise, written as palette PNGs of class
indices, the layout mmsegmentation's `tools/dataset_converters/voc_aug.py` produces.

Source (official): Hariharan et al., Semantic Contours from Inverse Detectors, ICCV 2011,
  http://home.bharathh.info/pubs/codes/SBD/download.html
  https://www2.eecs.berkeley.edu/Research/Projects/CS/vision/grouping/semantic_contours/benchmark.tgz (about 1.4 GB)

Checksum verified before extraction (a mismatch deletes the file and stops):
  md5 82b4d87ceb2ed10f6038a1cba92111cb
    source: pytorch/vision torchvision/datasets/sbd.py (SBDataset.md5; checked in torchvision 0.29.1).
    No published sha256 was found; the size is not pinned either.

Needs, for the conversion only: scipy (reads the MATLAB .mat labels) and Pillow (writes the PNGs):
  pip install scipy pillow        (the download and extraction use the standard library only)

Licence / terms: SBD is distributed by its authors for research; its images are VOC 2011 images (flickr terms).

Citation:
  Bharath Hariharan, Pablo Arbelaez, Lubomir Bourdev, Subhransu Maji, Jitendra Malik.
  Semantic Contours from Inverse Detectors. ICCV 2011.

Idempotent: a verified archive is not downloaded again, a completed extraction is skipped, and the conversion is
skipped when train_aug.txt and all its label files exist (use --force to redo both). Existing VOC files are never
modified: the script only adds SegmentationClassAug/ and train_aug.txt.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import _fetch

FILE = dict(
    filename='benchmark.tgz',
    urls=['https://www2.eecs.berkeley.edu/Research/Projects/CS/vision/grouping/semantic_contours/benchmark.tgz'],
    md5='82b4d87ceb2ed10f6038a1cba92111cb',
    top_level=['benchmark_RELEASE'],
)
EXPECTED_TRAIN_AUG = 10_582


def voc_palette() -> list[int]:
    "The standard VOC colour map (bit-interleaved), 256 RGB triples flattened."
    pal = []
    for i in range(256):
        r = g = b = 0
        c = i
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j); g |= ((c >> 1) & 1) << (7 - j); b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        pal += [r, g, b]
    return pal


def _ids(path: Path) -> list[str]:
    return [l.strip() for l in path.read_text().splitlines() if l.strip()]


def build_train_aug(sbd: Path, voc: Path, force: bool = False) -> Path:
    """Write `voc/SegmentationClassAug/<id>.png` and `voc/ImageSets/Segmentation/train_aug.txt` from the SBD folder
    `sbd` (holding dataset/{train,val}.txt and dataset/cls/) and the VOC 2012 folder `voc`. Returns the list file."""
    try:
        from scipy.io import loadmat
        from PIL import Image
    except ImportError as e:
        raise RuntimeError(f"the conversion needs scipy and Pillow ({e}); run `pip install scipy pillow` and "
                                f"re-run this script (the verified download is kept).") from None
    seg = voc / 'ImageSets' / 'Segmentation'
    for p in (sbd / 'dataset' / 'train.txt', sbd / 'dataset' / 'val.txt', seg / 'train.txt', seg / 'val.txt',
              voc / 'SegmentationClass'):
        if not p.exists(): raise RuntimeError(f"{p} is missing: run data_scripts/voc.py --out DIR first (VOC 2012), "
                                                   f"then this script with the same --out.")
    sbd_ids = set(_ids(sbd / 'dataset' / 'train.txt')) | set(_ids(sbd / 'dataset' / 'val.txt'))
    voc_train, voc_val = _ids(seg / 'train.txt'), set(_ids(seg / 'val.txt'))
    train_aug = sorted((sbd_ids | set(voc_train)) - voc_val)
    out_dir, lst = voc / 'SegmentationClassAug', seg / 'train_aug.txt'
    if not force and lst.exists() and _ids(lst) == train_aug and all((out_dir / f'{i}.png').exists() for i in train_aug):
        _fetch.log(f"{lst}: already built ({len(train_aug):,} images); nothing to do (use --force to rebuild).")
        return lst
    out_dir.mkdir(exist_ok=True)
    pal = voc_palette()
    for n, i in enumerate(train_aug):
        dest = out_dir / f'{i}.png'; tmp = dest.with_suffix('.png.part')
        if i in sbd_ids:
            arr = loadmat(str(sbd / 'dataset' / 'cls' / f'{i}.mat'))['GTcls'][0]['Segmentation'][0]
            im = Image.fromarray(arr.astype('uint8'), mode='P'); im.putpalette(pal); im.save(tmp, format='PNG')
        else:                                            # a VOC train image SBD does not have: VOC's own mask, as is
            shutil.copyfile(voc / 'SegmentationClass' / f'{i}.png', tmp)
        tmp.replace(dest)
        if (n + 1) % 2000 == 0: _fetch.log(f"  {n + 1:,}/{len(train_aug):,} labels written")
    tmp = lst.with_suffix('.txt.part'); tmp.write_text('\n'.join(train_aug) + '\n'); tmp.replace(lst)
    note = '' if len(train_aug) == EXPECTED_TRAIN_AUG else f" (WARNING: the standard train_aug has {EXPECTED_TRAIN_AUG:,})"
    _fetch.log(f"{lst}: {len(train_aug):,} images{note}; labels in {out_dir}")
    return lst


def main(argv=None):
    p = _fetch.base_parser(__doc__)
    p.add_argument('--voc', default=None, help='folder holding VOCdevkit/VOC2012 (default: --out)')
    args = p.parse_args(argv)
    def run():
        _fetch.fetch_archive(args, **FILE)
        out = Path(args.out).expanduser().resolve()
        voc = Path(args.voc).expanduser().resolve() if args.voc else out
        build_train_aug(out / 'benchmark_RELEASE', voc / 'VOCdevkit' / 'VOC2012', force=args.force)
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
