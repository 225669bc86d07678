"""Prepare ACDC, MSD Prostate or MM-WHS volumes for `nbs/17_gl_contrast.ipynb` (see data_scripts/acdc.md).

    python data_scripts/prepare_volumes.py --dataset acdc --src SRC --out DIR [--no-n4]
      -> DIR/acdc-prepared/{pretrain,labelled,test}.pt   (prostate-prepared/, mmwhs-prepared/ for the others)

Each .pt file holds a dict of tensors: `image` float16 [N, Dmax, S, S], `mask` uint8 [N, Dmax, S, S], `depth` int64 [N]
(slices of each volume; the rest is zero padding) and `ids` (the patient numbers). Steps (the release's scripts):
N4 bias-field correction (SimpleITK; threshold 0.001, 4 levels x 50 iterations; --no-n4 skips it), in-plane
resampling to the target spacing (bilinear images, nearest labels), centre crop / zero pad to S x S, and per-volume
normalisation (x - P1) / (P99 - P1) without clipping.

Needs: nibabel (`pip install nibabel`), numpy, torch; SimpleITK for N4 (`pip install SimpleITK`).

Layouts read:
  acdc      SRC/patientNNN/{Info.cfg, patientNNN_frameXX.nii.gz, patientNNN_frameXX_gt.nii.gz}; the ED frame (Info.cfg "ED:")
            spacing 1.36719 mm, S = 192; labels 0 bg, 1 RV, 2 myocardium, 3 LV; test = the release's 20 patients
  prostate  SRC/imagesTr/prostate_NN.nii.gz (channel 0, T2) and SRC/labelsTr/prostate_NN.nii.gz; 0.625 mm, S = 192; labels 0, 1 PZ, 2 TZ
  mmwhs     SRC/mr_train_NNNN_image.nii.gz and SRC/mr_train_NNNN_label.nii.gz; 1.5 mm, S = 160;
            labels 500, 600, 420, 550, 205, 820, 850 -> 1 .. 7
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ACDC_TEST = [7, 8, 9, 10, 27, 28, 29, 30, 47, 48, 49, 50, 67, 68, 69, 70, 87, 88, 89, 90]
SETTINGS = dict(acdc=dict(spacing=1.36719, size=192), prostate=dict(spacing=0.625, size=192), mmwhs=dict(spacing=1.5, size=160))
MMWHS_LABELS = [500, 600, 420, 550, 205, 820, 850]


def log(msg): print(msg, file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''): h.update(chunk)
    return h.hexdigest()


def read_nifti(path: Path):
    "(array [X, Y, Z] float, in-plane spacing (sx, sy)) of a NIfTI file (4-D: the first channel)."
    import nibabel as nib
    img = nib.load(str(path))
    a = img.get_fdata(dtype='float32')
    if a.ndim == 4: a = a[..., 0]
    return a, tuple(float(s) for s in img.header.get_zooms()[:2]), img


def n4(array, spacing):
    "N4 bias-field correction with the release's settings (SimpleITK)."
    import SimpleITK as sitk
    im = sitk.GetImageFromArray(array.transpose(2, 1, 0)); im.SetSpacing(tuple(spacing) + (1.0,))
    mask = sitk.OtsuThreshold(im, 0, 1, 200)
    f = sitk.N4BiasFieldCorrectionImageFilter(); f.SetConvergenceThreshold(0.001); f.SetMaximumNumberOfIterations([50] * 4)
    return sitk.GetArrayFromImage(f.Execute(sitk.Cast(im, sitk.sitkFloat32), mask)).transpose(2, 1, 0)


def prepare(image, label, spacing, target: float, size: int):
    "Resample in plane, crop/pad to size x size, percentile-normalise: (image [Z, S, S] float16, mask [Z, S, S] uint8)."
    import numpy as np
    import torch
    import torch.nn.functional as F
    x = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1)))[:, None]           # Z, 1, X, Y
    y = torch.from_numpy(np.ascontiguousarray(label.transpose(2, 0, 1)))[:, None].float()
    new = (round(x.shape[-2] * spacing[0] / target), round(x.shape[-1] * spacing[1] / target))
    x = F.interpolate(x, size=new, mode='bilinear', align_corners=False)
    y = F.interpolate(y, size=new, mode='nearest')
    def fit(t):
        H, W = t.shape[-2:]
        t = t[..., max(0, (H - size) // 2):max(0, (H - size) // 2) + size, max(0, (W - size) // 2):max(0, (W - size) // 2) + size]
        H, W = t.shape[-2:]
        return F.pad(t, ((size - W) // 2, size - W - (size - W) // 2, (size - H) // 2, size - H - (size - H) // 2))
    x, y = fit(x)[:, 0], fit(y)[:, 0]
    p1, p99 = np.percentile(image, 1), np.percentile(image, 99)
    return ((x - p1) / max(p99 - p1, 1e-6)).half(), y.round().to(torch.uint8)


def cases(dataset: str, src: Path):
    "(id, image path, label path) of every case in `src`."
    if dataset == 'acdc':
        for d in sorted(src.glob('patient[0-9][0-9][0-9]')):
            info = (d / 'Info.cfg').read_text()
            ed = int(re.search(r'ED:\s*(\d+)', info).group(1))
            img, gt = d / f'{d.name}_frame{ed:02d}.nii.gz', d / f'{d.name}_frame{ed:02d}_gt.nii.gz'
            if not (img.exists() and gt.exists()): raise SystemExit(f'{d}: no ED image/labels ({img.name}, {gt.name})')
            yield int(d.name[-3:]), img, gt
    elif dataset == 'prostate':
        for img in sorted((src / 'imagesTr').glob('prostate_*.nii.gz')):
            yield int(re.search(r'(\d+)', img.name).group(1)), img, src / 'labelsTr' / img.name
    else:
        for img in sorted(src.glob('mr_train_*_image.nii.gz')):
            yield int(re.search(r'(\d{4})', img.name).group(1)), img, src / img.name.replace('_image', '_label')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--dataset', choices=sorted(SETTINGS), required=True)
    p.add_argument('--src', required=True, type=Path, help='the unpacked raw data (see the layouts above)')
    p.add_argument('--out', required=True, type=Path, help='data_root to write <dataset>-prepared/ into')
    p.add_argument('--no-n4', action='store_true', help='skip the N4 bias-field correction')
    p.add_argument('--force', action='store_true', help='replace an existing <dataset>-prepared/ folder')
    a = p.parse_args(argv)
    import numpy as np
    import torch
    out = a.out / f'{a.dataset}-prepared'
    if out.exists() and not a.force: raise SystemExit(f'{out} exists: pass --force to replace it (nothing was changed)')
    s = SETTINGS[a.dataset]
    vols = {}
    for cid, img_p, gt_p in cases(a.dataset, a.src):
        log(f'{a.dataset} {cid}: {img_p.name} sha256 {sha256(img_p)[:16]}..., {gt_p.name} sha256 {sha256(gt_p)[:16]}...')
        img, spacing, _ = read_nifti(img_p)
        gt, _, _ = read_nifti(gt_p)
        if a.dataset == 'mmwhs':
            lab = np.zeros_like(gt)
            for i, v in enumerate(MMWHS_LABELS): lab[gt == v] = i + 1
            gt = lab
        if not a.no_n4: img = n4(img, spacing)
        vols[cid] = prepare(img, gt, spacing, s['spacing'], s['size'])
    if not vols: raise SystemExit(f'no cases found in {a.src} for {a.dataset}')
    ids = sorted(vols)
    if a.dataset == 'acdc': test = [i for i in ids if i in ACDC_TEST]
    else: test = sorted(np.random.default_rng(0).choice(ids, max(1, len(ids) // 5), replace=False).tolist())
    rest = [i for i in ids if i not in test]
    out.mkdir(parents=True, exist_ok=True)
    for split, members in (('pretrain', rest), ('labelled', rest), ('test', test)):
        D = max(vols[i][0].shape[0] for i in members)
        pad = lambda t: torch.cat([t, t.new_zeros(D - t.shape[0], *t.shape[1:])])
        torch.save(dict(image=torch.stack([pad(vols[i][0]) for i in members]), mask=torch.stack([pad(vols[i][1]) for i in members]),
                        depth=torch.tensor([vols[i][0].shape[0] for i in members]), ids=torch.tensor(members)), out / f'{split}.pt')
        log(f'{out / (split + ".pt")}: {len(members)} volumes')
    log(f'\nDone. Point ssl_repro at it with:  -p data_root={a.out}')


if __name__ == '__main__':
    sys.exit(main())
