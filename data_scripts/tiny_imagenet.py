"""Fetch Tiny ImageNet (200 classes, 64x64) into DIR, with val/ reorganised into class folders for ImageFolder.

    python data_scripts/tiny_imagenet.py --out DIR   ->  DIR/tiny-imagenet-200/train/<wnid>/images/*.JPEG  (100,000)
                                                         DIR/tiny-imagenet-200/val/<wnid>/*.JPEG           ( 10,000)
                                                         DIR/tiny-imagenet-200/{wnids.txt,words.txt,test/}
    then:  ssl-repro run PAPER -p dataset=tiny_imagenet -p data_root=DIR

Source (official, CS231n): http://cs231n.stanford.edu/tiny-imagenet-200.zip
  248,100,043 bytes (~237 MiB zip; ~0.5 GB once extracted; --delete-archive removes the zip afterwards)
  Fallback tried on a network error: the same file over https.

Checksums verified before extraction (a mismatch deletes the file and stops):
  sha256 NOT AVAILABLE - no published sha256 of tiny-imagenet-200.zip was found (TensorFlow Datasets has no
    Tiny ImageNet entry; torchvision has no Tiny ImageNet class). The script verifies the md5 and the size instead
    and says so when it runs. Do not add a sha256 here unless it comes from a published source.
  md5    90528d7ca1a48142e341f4ef8d21d0de
    sources: ContinualAI/avalanche avalanche/benchmarks/datasets/tiny_imagenet/tiny_imagenet.py (md5), and
             datasets-mila/datasets--tinyimagenet md5sums (git-annex key MD5E-s248100043--90528d7c...zip)
  size   248,100,043 bytes   source: the same git-annex key (MD5E-s248100043)

What the reorganisation does: the official val/ folder is flat (val/images/val_<i>.JPEG) with labels in
  val/val_annotations.txt (tab-separated: file, wnid, x0, y0, x1, y1). Each image is moved to
  val/<wnid>/val_<i>.JPEG; val_annotations.txt stays in val/ (ImageFolder only treats folders as classes,
  so a loose file there is ignored). The counts are checked: 200 wnids, 500 train and 50 val images each.
  train/<wnid>/images/*.JPEG is left as is: torchvision's ImageFolder finds images at any depth inside
  a class folder - torchvision/datasets/folder.py make_dataset() walks each class folder with
  os.walk(target_dir, followlinks=True) and keeps files whose extension is an image extension, so the
  extra images/ level is fine and train/<wnid>/<wnid>_boxes.txt is skipped (.txt is not an image extension).
  Class indices are the sorted wnid folder names, identical for train/ and val/.
  test/ (10,000 unlabelled images) is kept but not used by the loader.

Licence / terms: no licence of its own; the images are a subset of ImageNet, so ImageNet's terms of access
  apply (non-commercial research and educational use only; see https://image-net.org/download.php).

Citation:
  Ya Le, Xuan Yang. Tiny ImageNet Visual Recognition Challenge. CS231N course report, Stanford, 2015.
  (and ImageNet: Deng et al., ImageNet: A Large-Scale Hierarchical Image Database, CVPR 2009.)

Idempotent: a verified zip already in DIR is not downloaded again, and a completed extraction + reorganisation
(marker DIR/.tiny-imagenet-200.zip.extracted) is skipped. --reorganize-only reorganises an already extracted
DIR/tiny-imagenet-200 in place (no download), e.g. one unzipped by hand.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import _fetch

FILE = dict(
    filename='tiny-imagenet-200.zip',
    urls=['http://cs231n.stanford.edu/tiny-imagenet-200.zip',
          'https://cs231n.stanford.edu/tiny-imagenet-200.zip'],
    sha256=None,  # no published sha256 found - see the module docstring
    md5='90528d7ca1a48142e341f4ef8d21d0de',
    size=248_100_043,
    top_level=['tiny-imagenet-200'],
)
N_CLASSES, N_TRAIN_PER_CLASS, N_VAL_PER_CLASS = 200, 500, 50
IMG_EXT = ('.jpeg', '.jpg', '.png')


def reorganize_val(root: Path) -> None:
    """Move root/val/images/<f> into root/val/<wnid>/<f> using val_annotations.txt. Idempotent; then checks counts."""
    root = Path(root)
    val = root / 'val'
    ann = val / 'val_annotations.txt'
    if not ann.is_file(): raise RuntimeError(f'{ann} is missing; is {root} an extracted tiny-imagenet-200?')
    labels = {}
    for line in ann.read_text().splitlines():
        if not line.strip(): continue
        fields = line.split('\t')
        if len(fields) < 2: raise RuntimeError(f'{ann}: malformed line {line!r}')
        labels[fields[0]] = fields[1]
    flat = val / 'images'
    moved = 0
    if flat.is_dir():
        for name in sorted(os.listdir(flat)):
            if name not in labels: raise RuntimeError(f'{flat / name} has no entry in {ann.name}')
            (val / labels[name]).mkdir(exist_ok=True)
            os.replace(flat / name, val / labels[name] / name)
            moved += 1
        flat.rmdir()
    _fetch.log(f'  reorganised val/: moved {moved} images into class folders' if moved else
               '  val/ is already organised into class folders')
    check_layout(root, labels)


def _count_images(d: Path) -> int:
    return sum(1 for _, _, fs in os.walk(d) for f in fs if f.lower().endswith(IMG_EXT))


def check_layout(root: Path, labels: dict | None = None) -> None:
    "Check 200 wnids, 500 train and 50 val images per class, and that every annotated val image is in place."
    wnids = [w for w in (root / 'wnids.txt').read_text().split() if w]
    problems = []
    if len(wnids) != N_CLASSES: problems.append(f'wnids.txt lists {len(wnids)} classes, expected {N_CLASSES}')
    for split, per in (('train', N_TRAIN_PER_CLASS), ('val', N_VAL_PER_CLASS)):
        classes = sorted(e.name for e in os.scandir(root / split) if e.is_dir())
        if classes != sorted(wnids): problems.append(f'{split}/ class folders differ from wnids.txt')
        bad = [(w, n) for w in classes if (n := _count_images(root / split / w)) != per]
        if bad: problems.append(f'{split}/: {len(bad)} classes without {per} images, e.g. {bad[:3]}')
    if labels:
        missing = [f for f, w in labels.items() if not (root / 'val' / w / f).is_file()]
        if missing: problems.append(f'{len(missing)} annotated val images not in their class folder, e.g. {missing[:3]}')
    if problems: raise RuntimeError('Tiny ImageNet layout check failed:\n    ' + '\n    '.join(problems))
    _fetch.log(f'  layout OK: {len(wnids)} classes, {len(wnids) * N_TRAIN_PER_CLASS} train / '
               f'{len(wnids) * N_VAL_PER_CLASS} val images in <split>/<wnid>/ folders')


def main(argv=None):
    p = _fetch.base_parser(__doc__)
    p.add_argument('--reorganize-only', action='store_true',
                   help='only reorganise an already extracted DIR/tiny-imagenet-200 in place (no download)')
    args = p.parse_args(argv)
    if args.reorganize_only:
        _fetch.main_guard(lambda: reorganize_val(Path(args.out).expanduser() / 'tiny-imagenet-200'))
        return
    _fetch.main_guard(lambda: _fetch.fetch_archive(
        args, post=lambda staging: reorganize_val(staging / 'tiny-imagenet-200'), **FILE))


if __name__ == '__main__':
    sys.exit(main())
