"""Fetch LM-BFF's packed datasets into DIR and write their K-shot splits (the Demo-Tuning `paper` / `trec` presets).

    python data_scripts/lm_bff.py --out DIR --trust-unpublished
      ->  DIR/original/<task>/...            (the datasets as LM-BFF packs them; GLUE-SST-2 renamed SST-2, as LM-BFF does)
      ->  DIR/k-shot/<task>/<k>-<seed>/{train,dev,test}.{tsv,csv}    for SST-2 and trec, K = 16, seeds 100 13 21 42 87
    then:  ssl-repro run demo_tuning --preset paper -p data_root=DIR

Source (official): princeton-nlp/LM-BFF, README "Prepare the data" and data/download_dataset.sh:
  https://nlp.cs.princeton.edu/projects/lm-bff/datasets.tar  (a few hundred MB: SST-2, SST-5, MR, CR, MPQA, Subj, TREC,
  CoLA, MNLI, SNLI, QNLI, RTE, MRPC, QQP, STS-B)

Checksum: **none is published.** Neither LM-BFF nor any of the public scripts that download this file (MeZO, LM-Kernel-FT,
  LiST, ...) gives a checksum. So the script downloads only with --trust-unpublished, prints the sha256 and size of what
  it got, records them in DIR/datasets.tar.sha256, and verifies the archive against that record on every later run
  (trust on first use). Compare the printed sha256 with a colleague's copy if you can.

K-shot splits: LM-BFF's tools/generate_k_shot_data.py procedure, re-implemented: for each seed, NumPy's global generator
  seeded with the seed shuffles the training lines (GLUE: after the header), the first K lines of each label train and
  the next K validate; the test set is the original one (GLUE: the dev set). Needs numpy (for the exact draw).

Licence / terms: the datasets keep their own terms (GLUE's SST-2: Socher et al. 2013; TREC: Li & Roth 2002; ...).
Citation: Tianyu Gao, Adam Fisch, Danqi Chen. Making Pre-trained Language Models Better Few-shot Learners. ACL 2021.

Idempotent: a recorded, verified archive is not downloaded again; a completed extraction (marker) is skipped; existing
split files are never overwritten (use a new DIR, or delete DIR/k-shot yourself).
"""
from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import _fetch

URL = 'https://nlp.cs.princeton.edu/projects/lm-bff/datasets.tar'
FILENAME = 'datasets.tar'
TASKS = {'SST-2': 'tsv', 'trec': 'csv'}
SEEDS = (100, 13, 21, 42, 87)


def kshot_lines(lines: list, labels: list, k: int, seed: int) -> tuple[list, list]:
    "LM-BFF's draw: shuffle `lines` with np.random.seed(seed); per label (first-seen order) the first k train, the next k dev."
    import numpy as np
    order = list(range(len(lines)))
    np.random.seed(seed)
    np.random.shuffle(order)
    by = {}
    for i in order: by.setdefault(labels[i], []).append(lines[i])
    return [l for v in by.values() for l in v[:k]], [l for v in by.values() for l in v[k:2 * k]]


def write_splits(root: Path, task: str, k: int) -> None:
    src, fmt = root / 'original' / task, TASKS[task]
    if fmt == 'tsv':
        head, *train = (src / 'train.tsv').read_text(encoding='utf-8').splitlines(keepends=True)
        labels = [l.rstrip('\n').split('\t')[-1] for l in train]
        test = (src / 'dev.tsv').read_text(encoding='utf-8')
    else:
        with open(src / 'train.csv', encoding='utf-8', newline='') as f: train = list(csv.reader(f))
        labels = [r[0] for r in train]
        test = (src / 'test.csv').read_text(encoding='utf-8')
    for seed in SEEDS:
        out = root / 'k-shot' / task / f'{k}-{seed}'
        if out.exists():
            _fetch.log(f'{out} exists: kept as it is'); continue
        tr, dv = kshot_lines(train, labels, k, seed)
        tmp = out.with_name(out.name + '.part'); shutil.rmtree(tmp, ignore_errors=True); tmp.mkdir(parents=True)
        if fmt == 'tsv':
            (tmp / 'train.tsv').write_text(head + ''.join(tr), encoding='utf-8')
            (tmp / 'dev.tsv').write_text(head + ''.join(dv), encoding='utf-8')
            (tmp / 'test.tsv').write_text(test, encoding='utf-8')
        else:
            for name, rows in (('train', tr), ('dev', dv)):
                with open(tmp / f'{name}.csv', 'w', encoding='utf-8', newline='') as f: csv.writer(f, lineterminator='\n').writerows(rows)
            (tmp / 'test.csv').write_text(test, encoding='utf-8')
        tmp.rename(out)
        _fetch.log(f'wrote {out} ({len(tr)} train, {len(dv)} dev)')


def main(argv=None):
    p = _fetch.base_parser(__doc__)
    p.add_argument('--trust-unpublished', action='store_true', help='download although no published checksum exists (recorded on first use)')
    p.add_argument('--k', type=int, default=16, help='examples per label in train and in dev (default 16)')
    args = p.parse_args(argv)

    def run():
        out = Path(args.out).expanduser().resolve(); out.mkdir(parents=True, exist_ok=True)
        archive = out / FILENAME
        if not (out / 'original').exists():
            _fetch.trusted_file(URL, archive, trust=args.trust_unpublished, from_dir=args.from_dir, timeout=args.timeout)
            tmp = out / '.extract.part'; shutil.rmtree(tmp, ignore_errors=True)
            _fetch.safe_extract(archive, tmp)                                   # into a side folder: never a half-extracted original/
            orig = tmp / 'original'
            if (orig / 'GLUE-SST-2').exists():                                  # LM-BFF: GLUE's SST-2 is the SST-2
                if (orig / 'SST-2').exists(): (orig / 'SST-2').rename(orig / 'SST-2-original')
                (orig / 'GLUE-SST-2').rename(orig / 'SST-2')
            orig.rename(out / 'original'); shutil.rmtree(tmp, ignore_errors=True)
        for task in TASKS: write_splits(out, task, args.k)
        if args.delete_archive and archive.exists(): archive.unlink()
        _fetch.log(f'\nDone. Point ssl_repro at it with:  -p data_root={out}')
    _fetch.main_guard(run)


if __name__ == '__main__':
    sys.exit(main())
