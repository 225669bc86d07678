"""Fetch UCF101 (videos and the official train/test splits) into DIR (the ELo `paper` preset's linear-probe data).

    python data_scripts/ucf101.py --out DIR
      ->  DIR/UCF101/<Class>/v_<Class>_gXX_cYY.avi      (13,320 videos, 101 classes)
      ->  DIR/ucfTrainTestlist/{classInd.txt, trainlist0{1,2,3}.txt, testlist0{1,2,3}.txt}
    then:  ssl-repro run elo --preset paper -p probe_dataset=ucf101 -p data_root=DIR

Sources: the videos as tensorflow/datasets serves them (the official site distributes a RAR archive, which the Python
  standard library cannot read): https://storage.googleapis.com/thumos14_files/UCF101_videos.zip (6.96 GB); the
  official splits: https://www.crcv.ucf.edu/data/UCF101/UCF101TrainTestSplits-RecognitionTask.zip (114 kB).

Checksums (published): sha256 and size of both files from tensorflow/datasets `tensorflow_datasets/url_checksums/ucf101.txt`:
  UCF101_videos.zip                            6960400115 bytes  dabf56f573cd19c79e096563529fec8126a2a34e18e10c72eb621dd687532b0d
  UCF101TrainTestSplits-RecognitionTask.zip        113943 bytes  5c0d1a53b8ed364a2ac830a73f405e51bece7d98ce1254fd19ed4a36b224bd27

Licence / terms: none stated with the data (YouTube videos; research use). Cite: Khurram Soomro, Amir Roshan Zamir,
  Mubarak Shah. UCF101: A Dataset of 101 Human Actions Classes From Videos in The Wild. CRCV-TR-12-01, 2012.

Idempotent: verified files are not downloaded again; a completed extraction (marker) is skipped; existing folders are
  not replaced without --force. Each video is filed under the class its name gives (v_<Class>_g.._c...avi).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import _fetch

VIDEOS = dict(filename='UCF101_videos.zip', urls=['https://storage.googleapis.com/thumos14_files/UCF101_videos.zip'],
              size=6960400115, sha256='dabf56f573cd19c79e096563529fec8126a2a34e18e10c72eb621dd687532b0d')
SPLITS = dict(filename='UCF101TrainTestSplits-RecognitionTask.zip', urls=['https://www.crcv.ucf.edu/data/UCF101/UCF101TrainTestSplits-RecognitionTask.zip'],
              size=113943, sha256='5c0d1a53b8ed364a2ac830a73f405e51bece7d98ce1254fd19ed4a36b224bd27')


def file_videos(staging: Path) -> None:
    "Move every .avi under `staging` to staging/UCF101/<Class>/ (the class is the second field of v_<Class>_gXX_cYY.avi)."
    videos = [p for p in staging.rglob('*.avi') if p.is_file()]
    if not videos: raise RuntimeError('the archive holds no .avi videos')
    dest = staging / '.UCF101'
    for p in videos:
        parts = p.stem.split('_')
        if len(parts) < 4 or parts[0] != 'v': raise RuntimeError(f'unexpected video name {p.name}')
        (dest / parts[1]).mkdir(parents=True, exist_ok=True)
        os.replace(p, dest / parts[1] / p.name)
    for q in sorted(staging.iterdir()):
        if q.name != '.UCF101': shutil.rmtree(q) if q.is_dir() else q.unlink()
    os.replace(dest, staging / 'UCF101')


def main(argv=None):
    p = _fetch.base_parser(__doc__)
    args = p.parse_args(argv)

    def run():
        out = Path(args.out).expanduser().resolve(); out.mkdir(parents=True, exist_ok=True)
        for spec, top, post in ((SPLITS, ['ucfTrainTestlist'], None), (VIDEOS, ['UCF101'], file_videos)):
            token = f"sha256:{spec['sha256']}"
            if not args.force and _fetch.is_extracted(out, spec['filename'], top, token):
                _fetch.log(f"{top[0]}: already fetched and extracted; skipping"); continue
            archive = _fetch.ensure_file(spec['urls'], out / spec['filename'], sha256=spec['sha256'], size=spec['size'],
                                         from_dir=args.from_dir, timeout=args.timeout)
            _fetch.extract_once(archive, out, top, token, post=post, force=args.force)
            if args.delete_archive: archive.unlink()
        _fetch.log(f'\nDone. Point ssl_repro at it with:  -p data_root={out}')
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
