"""Reference closed forms of ROME and MEMIT in NumPy, written from the papers (Meng et al. 2022
eq. 2; Meng et al. 2023 eq. 14), for numpy-reference.test.ts and `ftheta bench edit`. As a script:
one JSON case per line on stdin, {"id", "delta"} per line out. Layout as GPT-2's Conv1D: W is
[keys D, values C]."""
import json
import sys

import numpy as np


def ridge(C, scale):
    return 1e-6 * scale * np.trace(C) / C.shape[0]


def delta(case):
    """ΔW (flat, row-major [D, C]) for one case: method "rome" or "memit"."""
    D, Cw = case["D"], case["C"]
    mom2 = np.array(case["mom2"], dtype=np.float64).reshape(D, D)
    if case["method"] == "rome":
        k_star = np.array(case["kStar"], dtype=np.float64)
        k_p = np.array(case["kPrompt"], dtype=np.float64)
        out_p = np.array(case["outPrompt"], dtype=np.float64)
        v = np.array(case["value"], dtype=np.float64)
        u = np.linalg.solve(mom2 + ridge(mom2, 1.0) * np.eye(D), k_star)
        return np.outer(u, (v - out_p) / (k_p @ u)).reshape(-1)
    n, lam = case["n"], case["lambda"]
    K = np.array(case["K"], dtype=np.float64).reshape(n, D)
    R = np.array(case["R"], dtype=np.float64).reshape(n, Cw)
    A = lam * mom2 + K.T @ K + ridge(mom2, lam) * np.eye(D)
    return np.linalg.solve(A, K.T @ R).reshape(-1)


if __name__ == "__main__":
    for line in sys.stdin:
        case = json.loads(line)
        print(json.dumps({"id": case["id"], "delta": delta(case).tolist()}))
