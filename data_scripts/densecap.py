"""Fetch the dense video captioning release's features and annotations (the DVC `paper` and `yc2` presets).

    python data_scripts/densecap.py --out DIR --dataset anet --trust-unpublished      # ActivityNet Captions
    python data_scripts/densecap.py --out DIR --dataset yc2 --trust-unpublished       # YouCookII
      ->  DIR/anet/anet_annotations_trainval.json, DIR/anet/anet_duration_frame.csv (+ the other files of the archive,
          e.g. the densevid references val_1.json, val_2.json)
      ->  DIR/anet/{training,validation}/<video>_resnet.npy (2,048-d appearance) and <video>_bn.npy (1,024-d flow),
          one row per 0.5 s (YouCookII: DIR/yc2/..., yc2_annotations_trainval.json, yc2_duration_frame.csv)
    then:  ssl-repro run dvc --preset paper -p data_root=DIR       (or --preset yc2)

Source (official): salesforce/densecap, README "Data Preparation" (Zhou et al., CVPR 2018):
  annotations  http://youcook2.eecs.umich.edu/static/dat/anet_densecap/anet.tar.gz
               http://youcook2.eecs.umich.edu/static/dat/yc2_densecap/yc2.tar.gz
  features     http://youcook2.eecs.umich.edu/static/dat/anet_densecap/{training,validation,testing}_feat_anet.tar.gz
               (27.7 GB, 13.7 GB, 13.6 GB)
               http://youcook2.eecs.umich.edu/static/dat/yc2_densecap/{training,validation,testing}_feat_yc2.tar.gz
               (9.6 GB, 3.2 GB, 1.5 GB)
  `--splits` picks the feature archives (default: training validation; the test split has no public annotations).
  Extraction needs about as much free space again as the archives (staging folder), unless --delete-archive.

Checksum: **none is published** (the README gives only the URLs). So the script downloads only with
  --trust-unpublished, prints the sha256 and size of each archive it got, records them in DIR/<dataset>/<archive>.sha256,
  and verifies the archive against that record on every later run (trust on first use). Compare the printed sha256
  with a colleague's copy if you can.

Licence / terms: ActivityNet Captions (Krishna et al. 2017) and YouCookII (Zhou, Xu & Corso 2018) are for research use;
  the videos stay under YouTube's terms. The features are the release's (TSN, anet2016-cuhk: ResNet-200 appearance and
  BN-Inception optical flow). Cite: Luowei Zhou, Yingbo Zhou, Jason J. Corso, Richard Socher, Caiming Xiong.
  End-to-End Dense Video Captioning with Masked Transformer. CVPR 2018.

Idempotent: a recorded, verified archive is not downloaded again; a completed extraction (marker
  DIR/<dataset>/.<archive>.extracted) is skipped; existing feature or annotation files are never overwritten without --force.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import _fetch

BASE = {'anet': 'http://youcook2.eecs.umich.edu/static/dat/anet_densecap/',
        'yc2': 'http://youcook2.eecs.umich.edu/static/dat/yc2_densecap/'}
ANNOTATIONS = {'anet': 'anet.tar.gz', 'yc2': 'yc2.tar.gz'}
REQUIRED = {'anet': ('anet_annotations_trainval.json', 'anet_duration_frame.csv'),
            'yc2': ('yc2_annotations_trainval.json', 'yc2_duration_frame.csv')}
SPLITS = ('training', 'validation', 'testing')


def feature_archive(dataset: str, split: str) -> str:
    return f'{split}_feat_{dataset}.tar.gz'


def extract_files(archive: Path, out: Path, pick, dest_of, force: bool) -> list[Path]:
    """Extract `archive` into a staging folder inside `out` and move the files `pick(path)` selects to `dest_of(path)`
    (never over an existing file unless `force`); a marker records the archive's recorded checksum."""
    marker = out / f'.{archive.name}.extracted'
    token = (out / (archive.name + '.sha256')).read_text().split()[0]
    if marker.exists() and marker.read_text().strip() == token and not force:
        _fetch.log(f'{archive.name}: already extracted by a previous run; skipping'); return []
    staging = out / f'.staging-{archive.name}'
    shutil.rmtree(staging, ignore_errors=True)
    _fetch.log(f'Extracting {archive.name} (via {staging.name}) ...')
    try:
        _fetch.safe_extract(archive, staging)
        files = sorted(p for p in staging.rglob('*') if p.is_file() and pick(p))
        if not files: raise RuntimeError(f'{archive.name} holds none of the expected files')
        targets = [dest_of(p) for p in files]
        clash = [t for t in targets if t.exists()]
        if clash and not force:
            raise FileExistsError(f'{len(clash)} file(s) from {archive.name} already exist, e.g. {clash[0]}, without a marker of a completed '
                                  f'extraction: remove them, or re-run with --force to replace them')
        for p, t in zip(files, targets):
            t.parent.mkdir(parents=True, exist_ok=True); os.replace(p, t)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    marker.write_text(token + '\n')
    _fetch.log(f'  {len(targets)} files under {out}')
    return targets


def main(argv=None):
    p = _fetch.base_parser(__doc__)
    p.add_argument('--dataset', choices=sorted(BASE), required=True, help="'anet' (ActivityNet Captions) or 'yc2' (YouCookII)")
    p.add_argument('--splits', nargs='+', choices=SPLITS, default=['training', 'validation'], help='feature archives to fetch')
    p.add_argument('--trust-unpublished', action='store_true', help='download although no published checksum exists (recorded on first use)')
    args = p.parse_args(argv)

    def run():
        out = Path(args.out).expanduser().resolve() / args.dataset
        out.mkdir(parents=True, exist_ok=True)
        name = ANNOTATIONS[args.dataset]
        archive = _fetch.trusted_file(BASE[args.dataset] + name, out / name, trust=args.trust_unpublished, from_dir=args.from_dir, timeout=args.timeout)
        extract_files(archive, out, lambda f: f.suffix in ('.json', '.csv'), lambda f: out / f.name, args.force)
        missing = [f for f in REQUIRED[args.dataset] if not (out / f).exists()]
        if missing: raise RuntimeError(f'{name} did not provide {missing} (found: {sorted(f.name for f in out.iterdir())})')
        if args.delete_archive: archive.unlink()
        for split in args.splits:
            name = feature_archive(args.dataset, split)
            archive = _fetch.trusted_file(BASE[args.dataset] + name, out / name, trust=args.trust_unpublished, from_dir=args.from_dir, timeout=args.timeout)
            extract_files(archive, out, lambda f: f.name.endswith(('_resnet.npy', '_bn.npy')), lambda f: out / split / f.name, args.force)
            if args.delete_archive: archive.unlink()
        _fetch.log(f'\nDone. Point ssl_repro at it with:  -p data_root={out.parent}')
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
