"""The SimCLR `cpu` recipe search: short pre-trainings of the `cpu` preset with a few settings changed, each
evaluated as the notebook evaluates (kNN k=200/τ=0.1 with the whole training set as bank, logistic-regression probe
on h, 10k test images), appended to `simclr_cpu.json` beside this file and rendered as `simclr_cpu.md`.

    python nbs/results/search/simclr_cpu_search.py NAME 'key=value,key=value' [NAME 'key=value' ...]

A trial whose NAME is already in the JSON file is refused (pick another name): recorded trials are never replaced.
Values are parsed as the CLI's `-p` values are (`ssl_repro.core.PaperSpec.resolve`). Runs go to `runs/search/NAME`.
"""
from __future__ import annotations
import json, sys, time
from pathlib import Path

import torch
from ssl_repro import simclr
from ssl_repro.claims import final_loss, infonce_floor
from ssl_repro.core import write_json_atomic
from _search_common import code_state, cpu_name, trials_to_run   # beside this file
from ssl_repro.data import load_dataset
from ssl_repro.evaluate import extract_features, knn_accuracy, linear_probe

HERE = Path(__file__).resolve().parent
RESULTS, TABLE = HERE / 'simclr_cpu.json', HERE / 'simclr_cpu.md'


def trial(name: str, over: dict, train, test) -> dict:
    cfg = simclr.PAPER.resolve('cpu', dict(over, ablation_heads=[]))
    t0 = time.time()
    model, hist = simclr.pretrain(cfg, train, test, Path('runs/search') / name, name='pretrain')
    seconds = time.time() - t0
    enc, tf = model.encoder.eval(), simclr.eval_transform(cfg.image_size)
    prec = 'bf16' if cfg.precision == 'bf16' else 'fp32'
    tr, te = extract_features(enc, train, cfg.eval_batch_size, tf, precision=prec), extract_features(enc, test, cfg.eval_batch_size, tf, precision=prec)
    knn = knn_accuracy(*tr, *te, k=cfg.knn_k, temperature=cfg.knn_temperature)
    lin = linear_probe(*tr, *te, protocol='logreg', seed=cfg.seed, weight_decays=cfg.probe_weight_decays, max_iter=cfg.probe_max_iter)
    floor = infonce_floor(2 * cfg.batch_size - 1)
    return dict(name=name, overrides=over, epochs=cfg.epochs, steps=len(hist.steps), train_seconds=round(hist.epochs[-1].get('train_seconds', seconds), 1),
                wall_seconds=round(seconds, 1), params_m=round(sum(p.numel() for p in enc.parameters()) / 1e6, 3),
                final_loss=round(final_loss(hist.losses), 4), floor=round(floor, 4), knn_h=round(knn, 2), linear_h=round(lin['top1'], 2),
                knn_curve=[dict(epoch=e['epoch'] + 1, knn_top1=round(e['knn_top1'], 2), train_seconds=e.get('train_seconds'))
                           for e in hist.epochs if e.get('knn_top1') is not None],
                cpu=cpu_name(), threads=torch.get_num_threads(),
                commit=code_state())


def render(rows: list) -> str:
    out = ['| trial | changed from `cpu` | epochs | train s | final loss (floor) | kNN h (%) | linear h (%) | commit |',
           '|---|---|---:|---:|---|---:|---:|---|']
    for r in rows:
        ch = ', '.join(f'{k}={v}' for k, v in r['overrides'].items()) or '(the preset)'
        out.append(f"| {r['name']} | {ch} | {r['epochs']} | {r['train_seconds']:.0f} | {r['final_loss']:.3f} ({r['floor']:.3f}) | "
                   f"{r['knn_h']:.2f} | {r['linear_h']:.2f} | {r['commit']} |")
    return ('# SimCLR `cpu` recipe search\n\nMade by `python nbs/results/search/simclr_cpu_search.py` (seed 0, one run per row, '
            'on the CPU named in `simclr_cpu.json`, 2 threads). kNN: k=200, τ=0.1, cosine, bank = the 60k training images; '
            'linear: L-BFGS logistic regression on h, L2 from the preset\'s grid; 10k test images. The kNN monitor during '
            'training uses a 10k bank (`knn_curve` in the JSON), so its numbers are lower.\n\n' + '\n'.join(out) + '\n')


def main(argv):
    rows, todo = trials_to_run(argv, RESULTS, __doc__)
    for name, over in todo:
        simclr.PAPER.resolve('cpu', over)                  # unknown keys and bad values are refused before any training
    train, test = load_dataset('fashion_mnist', 'train'), load_dataset('fashion_mnist', 'test')
    for name, over in todo:
        r = trial(name, over, train, test)
        rows.append(r); write_json_atomic(RESULTS, rows); TABLE.write_text(render(rows))
        print(json.dumps({k: r[k] for k in ('name', 'epochs', 'train_seconds', 'final_loss', 'knn_h', 'linear_h')}), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
