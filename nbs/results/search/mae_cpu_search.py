"""The MAE `cpu` recipe search: pre-trainings of the `cpu` preset with a few settings changed, each evaluated as the
notebook evaluates (the learning gate against the ignore-the-image floor, the MAE linear probe of the cls token after
every epoch, and optionally fine-tuning against the same ViT from scratch), appended to `mae_cpu.json` beside this
file and rendered as `mae_cpu.md`.

    python nbs/results/search/mae_cpu_search.py NAME 'key=value,key=value' [NAME 'key=value' ...]

Keys are the preset's (parsed as the CLI's `-p` values, `ssl_repro.core.PaperSpec.resolve`) plus three of the search:
`finetune=1` also fine-tunes the pre-trained encoder (the preset's `ft_*` recipe), `scratch=1` also fine-tunes a
never-trained ViT with the same recipe, `from=NAME` reuses the pre-trained model of trial NAME (same pre-training
settings required) instead of pre-training again. A trial whose NAME is already recorded is refused: recorded trials
are never replaced. Runs go to `runs/search/mae/NAME`.
"""
from __future__ import annotations
import json, sys, time
from pathlib import Path

import torch
from ssl_repro import mae
from ssl_repro.claims import final_loss, learning_gate
from ssl_repro.core import write_json_atomic
from _search_common import code_state, cpu_name, trials_to_run   # beside this file
from ssl_repro.data import load_dataset, random_subset

HERE = Path(__file__).resolve().parent
RESULTS, TABLE = HERE / 'mae_cpu.json', HERE / 'mae_cpu.md'
SEARCH_KEYS = ('finetune', 'scratch', 'from')


def trial(name: str, spec: dict, rows: list, train, test) -> dict:
    over = {k: v for k, v in spec.items() if k not in SEARCH_KEYS}
    cfg = mae.PAPER.resolve('cpu', over)
    src = spec.get('from')
    run_dir = Path('runs/search/mae') / (src or name)
    probe_train = random_subset(train, cfg.probe_train_subset, cfg.seed + 1)
    ft_train = random_subset(train, cfg.ft_train_subset, cfg.seed + 2)
    curve = []
    def probe_epoch(model, epoch, ctx):
        res = mae.mae_linear_probe(mae.encoder_features(model, probe_train, cfg), mae.encoder_features(model, test, cfg), cfg)
        curve.append(dict(epoch=epoch + 1, linear_top1=round(res['top1'], 2))); return {'linear_top1': res['top1']}
    t0 = time.time()
    model, hist = mae.pretrain(cfg, train, run_dir, name='pretrain', resume=bool(src), on_epoch_end=None if src else probe_epoch)
    if src:
        curve = next(r for r in rows if r['name'] == src)['linear_curve']
    seconds = time.time() - t0
    floor = mae.mae_loss_floor(cfg, train, seed=cfg.seed)
    gate = learning_gate(final_loss(hist.losses), floor)
    for e, c in zip([e for e in hist.epochs if e.get('train_seconds') is not None], curve): c['train_seconds'] = round(e['train_seconds'], 1)
    row = dict(name=name, overrides=spec, epochs=cfg.epochs, steps=len(hist.steps),
               train_seconds=round(hist.epochs[-1].get('train_seconds', seconds), 1),
               final_loss=round(final_loss(hist.losses), 4), floor=round(floor, 4), learned=gate['learned'],
               linear_curve=curve, linear_top1=curve[-1]['linear_top1'] if curve else None,
               precision=cfg.precision, fused_attn=cfg.fused_attn)
    if spec.get('finetune') in ('1', 'True', 'true'):
        t1 = time.time(); ft = mae.mae_finetune(model, ft_train, test, cfg, len(train.classes))
        row.update(finetune_top1=round(ft['top1'], 2), finetune_seconds=round(time.time() - t1, 1), ft_images=len(ft_train),
                   finetune_curve=[round(h['top1'], 2) for h in ft['history'] if h.get('top1') is not None])
    if spec.get('scratch') in ('1', 'True', 'true'):
        torch.manual_seed(cfg.seed)
        t1 = time.time(); sc = mae.mae_finetune(mae.build_mae(cfg, train.shape[0]), ft_train, test, cfg, len(train.classes))
        row.update(scratch_top1=round(sc['top1'], 2), scratch_seconds=round(time.time() - t1, 1), ft_images=len(ft_train),
                   scratch_curve=[round(h['top1'], 2) for h in sc['history'] if h.get('top1') is not None])
    row.update(cpu=cpu_name(), threads=torch.get_num_threads(),
               commit=code_state())
    return row


def render(rows: list) -> str:
    out = ['| trial | changed from `cpu` | epochs | train s | final loss (floor) | gate | linear by epoch (%) | fine-tuned | scratch | commit |',
           '|---|---|---:|---:|---|---|---|---|---|---|']
    def f(r, k):
        if k not in r: return ''
        curve = r.get(k.replace('top1', 'curve'), [])
        by_epoch = ' (by epoch ' + ' / '.join(f'{v:.1f}' for v in curve) + ')' if len(curve) > 1 else ''
        return f"{r[k]:.2f}{by_epoch}, {r[k.replace('top1', 'seconds')]:.0f} s, {r['ft_images'] // 1000}k"
    for r in rows:
        ch = ', '.join(f'{k}={v}' for k, v in r['overrides'].items()) or '(the preset)'
        curve = ' / '.join(f"{c['linear_top1']:.1f}" for c in r['linear_curve'])
        out.append(f"| {r['name']} | {ch} | {r['epochs']} | {r['train_seconds']:.0f} | {r['final_loss']:.3f} ({r['floor']:.3f}) | "
                   f"{'passes' if r['learned'] else 'fails'} | {curve} | {f(r, 'finetune_top1')} | {f(r, 'scratch_top1')} | {r['commit']} |")
    return ('# MAE `cpu` recipe search\n\nMade by `python nbs/results/search/mae_cpu_search.py` (seed 0, one run per row, '
            'on the CPU named in `mae_cpu.json`, 2 threads). Gate: the final loss (mean of the last 5% of steps) at least 10% '
            'below the floor of a predictor that ignores the visible patches. Linear: the MAE probe (BatchNorm + linear, '
            'LARS) of the cls token on 20k training images after each epoch; fine-tuning: the preset\'s `ft_*` recipe on '
            'the number of labelled images shown; 10k test images. `from=NAME` rows reuse that trial\'s pre-trained model.\n\n'
            + '\n'.join(out) + '\n' + ''.join(f"\n`{c}`: {n}.\n" for c, n in
                                           dict.fromkeys((r['commit'], r['code_note']) for r in rows if r.get('code_note'))))


def main(argv):
    rows, todo = trials_to_run(argv, RESULTS, __doc__)
    for name, spec in todo:
        mae.PAPER.resolve('cpu', {k: v for k, v in spec.items() if k not in SEARCH_KEYS})   # bad keys/values refused first
    train, test = load_dataset('fashion_mnist', 'train'), load_dataset('fashion_mnist', 'test')
    for name, spec in todo:
        r = trial(name, spec, rows, train, test)
        rows.append(r); write_json_atomic(RESULTS, rows); TABLE.write_text(render(rows))
        print(json.dumps({k: r.get(k) for k in ('name', 'train_seconds', 'final_loss', 'floor', 'learned', 'linear_top1',
                                                'finetune_top1', 'scratch_top1', 'finetune_seconds')}), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
