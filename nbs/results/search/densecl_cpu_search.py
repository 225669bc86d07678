"""The DenseCL `cpu` recipe search: pre-trainings of the `cpu` preset with a few settings changed, for DenseCL and for
MoCo-v2 (`loss_lambda=0`) with the same budget, each evaluated as the notebook evaluates but on **validation** scenes
(scenes of Fashion-MNIST *training* items, never the test scenes the published claims use): the learning gate
(final loss at least 10% below log(K+1)), segmentation from the preset's labelled scenes with a frozen backbone +
linear head and fine-tuned, mIoU and class-agnostic foreground IoU. Rows are appended to `densecl_cpu.json` beside
this file and rendered as `densecl_cpu.md`.

    python nbs/results/search/densecl_cpu_search.py NAME 'key=value,key=value' [NAME 'key=value' ...]

Keys are the preset's (parsed as the CLI's `-p` values, `ssl_repro.core.PaperSpec.resolve`; `loss_lambda=0` is
MoCo-v2) plus three of the search: `random=1` evaluates a randomly initialised backbone instead of pre-training (the
reference pre-training must beat), `val_scenes=N` (default 1000) validation scenes, `from=NAME` reuses the pre-trained
model of trial NAME (same pre-training settings required; only evaluation settings such as `seg_train_scenes` may
differ) instead of pre-training again. A trial whose NAME is already
recorded is refused: recorded trials are never replaced. Runs go to `runs/search/densecl/NAME`.
"""
from __future__ import annotations
import json, sys, time
from pathlib import Path

import torch
from ssl_repro import densecl
from ssl_repro.claims import final_loss, infonce_floor, learning_gate
from ssl_repro.core import write_json_atomic
from ssl_repro.scenes import fashion_scenes, finetune_segmentation, foreground_iou, frozen_segmentation
from _search_common import code_state, cpu_name, trials_to_run   # beside this file

HERE = Path(__file__).resolve().parent
RESULTS, TABLE = HERE / 'densecl_cpu.json', HERE / 'densecl_cpu.md'
SEARCH_KEYS = ('random', 'val_scenes', 'from')
VAL_SEED_OFFSET = 1000   # validation scenes: training items, another scene seed than the pre-training scenes


def scenes_kw(cfg) -> dict:
    return dict(canvas=cfg.canvas, n_items=tuple(cfg.n_items), sizes=tuple(cfg.item_sizes), data_root=cfg.data_root,
                background=cfg.background, classes=cfg.scene_classes, bank_size=cfg.bank_size)


def trial(name: str, spec: dict) -> dict:
    cfg = densecl.PAPER.resolve('cpu', {k: v for k, v in spec.items() if k not in SEARCH_KEYS}); densecl.check_config(cfg)
    n_val = int(spec.get('val_scenes', 1000))
    train = fashion_scenes('train', cfg.train_scenes, seed=cfg.seed, **scenes_kw(cfg))
    val = fashion_scenes('train', n_val, seed=cfg.seed + VAL_SEED_OFFSET, **scenes_kw(cfg))
    seg_train = train.subset(torch.arange(min(cfg.seg_train_scenes, len(train))))
    channels = train.shape[0]
    transform = densecl.eval_transform(cfg, channels)
    row = dict(name=name, overrides=spec, lr=cfg.lr, loss_lambda=cfg.loss_lambda, epochs=cfg.epochs, seg_train_scenes=len(seg_train),
               val_scenes=n_val)
    if spec.get('random') in ('1', 'True', 'true'):
        torch.manual_seed(cfg.seed + 1)
        backbone = densecl.build_model(cfg, channels, 0.0).backbone
        row.update(arm='random')
    else:
        t0, src = time.time(), spec.get('from')
        model, hist = densecl.pretrain(cfg, train, Path('runs/search/densecl') / (src or name), name='pretrain', resume=bool(src))
        floor = infonce_floor(cfg.queue_len + 1)
        gate = learning_gate(final_loss(hist.losses), floor)
        dense = [r['loss_dense'] for r in hist.steps if 'loss_dense' in r][cfg.dense_warmup_steps:]
        seconds = (next(r for r in json.loads(RESULTS.read_text()) if r['name'] == src)['train_seconds'] if src   # reused: its own time
                   else round(time.time() - t0, 1))
        row.update(arm='mocov2' if cfg.loss_lambda == 0 else 'densecl', steps=len(hist.steps), train_seconds=seconds,
                   final_loss=round(final_loss(hist.losses), 4), floor=round(floor, 4), bar=round(gate['bar'], 4),
                   learned=gate['learned'],
                   final_global=round(final_loss([r['loss_global'] for r in hist.steps]), 4),
                   final_dense=round(final_loss(dense), 4) if dense else None)
        backbone = model.backbone
    fr = frozen_segmentation(backbone, seg_train, val, transform, epochs=cfg.seg_frozen_epochs, lr=cfg.seg_lr, seed=cfg.seed)
    t1 = time.time()
    ft = finetune_segmentation(backbone, seg_train, val, transform, epochs=cfg.seg_finetune_epochs, lr=cfg.seg_finetune_lr,
                               batch_size=cfg.seg_finetune_batch_size, precision=cfg.precision, seed=cfg.seed)
    row.update(val_frozen_miou=round(fr['miou'], 2), val_frozen_fg=round(foreground_iou(fr['confusions']), 2),
               val_finetuned_miou=round(ft['miou'], 2), val_finetuned_fg=round(foreground_iou(ft['confusions']), 2),
               finetune_seconds=round(time.time() - t1, 1), cpu=cpu_name(), threads=torch.get_num_threads(), commit=code_state())
    return row


def render(rows: list) -> str:
    out = ['| trial | arm | changed from `cpu` | lr | epochs | train s | final loss (bar) | dense term | gate | labelled scenes | '
           'frozen mIoU / fg IoU | fine-tuned mIoU / fg IoU | commit | note |',
           '|---|---|---|---:|---:|---:|---|---:|---|---:|---|---|---|---|']
    for r in rows:
        ch = ', '.join(f'{k}={v}' for k, v in r['overrides'].items()) or '(the preset)'
        pre = (f"{r['train_seconds']:.0f} | {r['final_loss']:.3f} ({r['bar']:.3f}) | "
               f"{'' if r.get('final_dense') is None else format(r['final_dense'], '.3f')} | {'passes' if r['learned'] else 'fails'}"
               if r['arm'] != 'random' else '– | – | – | –')
        out.append(f"| {r['name']} | {r['arm']} | {ch} | {r['lr']} | {r['epochs'] if r['arm'] != 'random' else '–'} | {pre} | "
                   f"{r['seg_train_scenes']} | {r['val_frozen_miou']:.1f} / {r['val_frozen_fg']:.1f} | "
                   f"{r['val_finetuned_miou']:.1f} / {r['val_finetuned_fg']:.1f} | {r['commit']} | {r.get('note', '')} |")
    return ('# DenseCL `cpu` recipe search\n\nMade by `python nbs/results/search/densecl_cpu_search.py` (seed 0, one run per '
            'row, on the CPU named in `densecl_cpu.json`, 2 threads). DenseCL and MoCo-v2 (`loss_lambda=0`) get the same '
            'budget at each setting; "changed from `cpu`" is relative to the `cpu` preset at the row\'s commit (at 313e427: lr 0.3, '
            '300 labelled scenes; the lr and the number of labelled scenes are in their own columns). Gate: the final loss (mean of the last 5% of steps) at least 10% below log(K+1). '
            'Segmentation is scored on validation scenes built from Fashion-MNIST *training* items with another scene seed '
            '(never the test scenes of the published claims): a linear 1×1 head on the frozen backbone, and fine-tuning '
            'of backbone + head, both from the first `seg_train_scenes` pre-training scenes with their masks. mIoU over '
            'the present classes; fg IoU: class-agnostic foreground IoU. `random` rows evaluate the untrained backbone; `from=NAME` '
            'rows re-evaluate trial NAME\'s pre-trained model. A note, where a row has one, was added to its JSON record by hand.\n\n'
            + '\n'.join(out) + '\n')


def main(argv):
    rows, todo = trials_to_run(argv, RESULTS, __doc__)
    for name, spec in todo:
        densecl.check_config(densecl.PAPER.resolve('cpu', {k: v for k, v in spec.items() if k not in SEARCH_KEYS}))   # bad keys/values first
        if 'val_scenes' in spec and int(spec['val_scenes']) < 1: raise SystemExit("val_scenes must be >= 1")
    for name, spec in todo:
        r = trial(name, spec)
        rows = json.loads(RESULTS.read_text()) if RESULTS.exists() else []   # another search may have appended meanwhile
        rows.append(r); write_json_atomic(RESULTS, rows); TABLE.write_text(render(rows))
        print(json.dumps({k: r.get(k) for k in ('name', 'arm', 'lr', 'train_seconds', 'final_loss', 'bar', 'learned', 'final_dense',
                                                'val_frozen_miou', 'val_finetuned_miou', 'finetune_seconds')}), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
