#!/usr/bin/env python3
"""Independent NumPy implementations of the merge methods, written from the papers (and mergekit's
documented parameter meanings), for @ftheta/merging's tests.

Reads JSON from stdin: {"cases": [{"id", "method", "base", "models", "shape", "params"}]} and writes
{"id": [values...]} to stdout. Tensors are lists of float32 values; the computation is float64,
except the task vectors, which are taken in float32 as the checkpoints' dtype (mergekit does the same).

- linear (Wortsman et al. 2022, model soups): sum_i w_i theta_i, / sum_i w_i when normalize.
- task_arithmetic (Ilharco et al. 2023): base + lambda * sum_i w_i tau_i (/ sum w when normalize).
- ties (Yadav et al. 2023): trim each tau_i to its top-k magnitudes (k = floor(density n), ties to
  the lower index), elect sign(sum_i w_i tau_i) (+ on 0), disjoint mean over agreeing entries.
- dare_linear / dare_ties (Yu et al. 2024): tau_i * mask_i / density (masks given), then as above.
- slerp (Shoemake 1985): great-circle interpolation of the flattened tensors, lerp when |cos| > 0.9995.
- model_stock (Jang et al. 2024): t = N cos / (1 + (N-1) cos), cos the mean pairwise cosine of the
  offsets; result t * mean(theta_i) + (1 - t) * base; per row of the last axis with filter_wise.
"""
import json
import sys

import numpy as np


def f32(x):
    return np.asarray(x, dtype=np.float32)


def task_vectors(base, models):
    return [(f32(m) - f32(base)).astype(np.float64) for m in models]


def trim_top_k(tau, density):
    if density >= 1:
        return tau
    k = int(np.floor(density * tau.size))
    keep = np.argsort(-np.abs(tau.astype(np.float32)), kind="stable")[:k]
    out = np.zeros_like(tau)
    out[keep] = tau[keep]
    return out


def combine(base, taus, weights, consensus, normalize, lam):
    w = np.asarray(weights, dtype=np.float64)[:, None]
    s = np.stack(taus) * w  # [k, n] weighted task vectors
    if consensus:
        elected = np.where(s.sum(axis=0) >= 0, 1.0, -1.0)
        agree = np.sign(s) == elected
        merged = np.where(agree, s, 0).sum(axis=0)
        divisor = np.where(agree, w, 0).sum(axis=0)
        divisor[divisor == 0] = 1
    else:
        merged = s.sum(axis=0)
        divisor = w.sum()
        if abs(divisor) < 1e-8:
            divisor = 1
    if normalize:
        merged = merged / divisor
    return f32(base).astype(np.float64) + lam * merged


def linear(c):
    p = c["params"]
    thetas = np.stack([f32(m).astype(np.float64) for m in c["models"]])
    w = np.asarray(p["weights"], dtype=np.float64)
    out = (w[:, None] * thetas).sum(axis=0)
    return out / w.sum() if p.get("normalize", True) else out


def gta(c, sparsify, consensus, default_normalize):
    p = c["params"]
    taus = task_vectors(c["base"], c["models"])
    dens = p.get("densities") or [1.0] * len(taus)
    if sparsify == "magnitude":
        taus = [trim_top_k(t, d) for t, d in zip(taus, dens)]
    elif sparsify == "random":
        rescale = p.get("rescale", True)
        taus = [t if d >= 1 else t * np.asarray(m, dtype=np.float64) / (d if rescale else 1.0) for t, d, m in zip(taus, dens, p["masks"])]
    return combine(c["base"], taus, p["weights"], consensus, p.get("normalize", default_normalize), p.get("lambda", 1.0))


def slerp(c):
    t = c["params"]["t"]
    a = f32(c["base"]).astype(np.float64)
    b = f32(c["models"][0]).astype(np.float64)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    ua = a / na if na > 1e-8 else a
    ub = b / nb if nb > 1e-8 else b
    cos = float(np.dot(ua, ub))
    if abs(cos) > 0.9995:
        return (1 - t) * a + t * b
    omega = np.arccos(cos)
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)


def model_stock(c):
    p = c["params"]
    base = f32(c["base"]).astype(np.float64)
    thetas = [f32(m).astype(np.float64) for m in c["models"]]
    shape = c["shape"]
    rows = (base.size // shape[-1], shape[-1]) if p.get("filter_wise") and len(shape) >= 1 else (1, base.size)
    base2 = base.reshape(rows)
    th2 = [t.reshape(rows) for t in thetas]
    offsets = [t - base2 for t in th2]
    n_models = len(th2)
    coss = []
    for i in range(n_models):
        for j in range(i + 1, n_models):
            num = (offsets[i] * offsets[j]).sum(axis=-1)
            den = np.maximum(np.linalg.norm(offsets[i], axis=-1) * np.linalg.norm(offsets[j], axis=-1), 1e-6)
            coss.append(np.clip(num / den, -1, 1))
    cos = np.mean(coss, axis=0)[:, None]
    ratio = n_models * cos / (1 + (n_models - 1) * cos)
    avg = np.mean(th2, axis=0)
    return (ratio * avg + (1 - ratio) * base2).reshape(-1)


METHODS = {
    "linear": linear,
    "task_arithmetic": lambda c: gta(c, None, False, False),
    "ties": lambda c: gta(c, "magnitude", True, True),
    "dare_linear": lambda c: gta(c, "random", False, False),
    "dare_ties": lambda c: gta(c, "random", True, False),
    "slerp": slerp,
    "model_stock": model_stock,
}


def main():
    cases = json.load(sys.stdin)["cases"]
    out = {c["id"]: [float(v) for v in METHODS[c["method"]](c)] for c in cases}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
