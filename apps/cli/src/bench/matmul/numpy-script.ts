/**
 * The Python program `ftheta bench matmul` runs to time numpy: reads
 * `{ method, cases: [{ id, aShape, bShape, transposeA, transposeB }] }` as JSON on stdin, times
 * `np.matmul(a, b)` (with `.swapaxes` views for the transposes, as numpy code naturally writes them)
 * with the same method as ../measure.ts, and prints one JSON object on stdout. Progress lines go to
 * stderr as `progress <text>`.
 */
// biome-ignore lint/complexity/noUselessStringRaw: Python source; keeps any future backslash literal
export const NUMPY_MATMUL_SCRIPT = String.raw`
import contextlib, ctypes, io, json, math, platform, sys, time
import numpy as np

cfg = json.load(sys.stdin)
method = cfg["method"]

def blas_info():
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if path.startswith("/") and ("blas" in path.rsplit("/", 1)[-1].lower() or "mkl" in path.lower()):
                    libs.add(path)
    except OSError:
        pass
    info = {"loadedLibraries": sorted(libs), "config": None, "coretype": None, "threads": None}
    for path in sorted(libs):
        try:
            lib = ctypes.CDLL(path)
            get_config = lib.openblas_get_config
            get_config.restype = ctypes.c_char_p
            get_core = lib.openblas_get_corename
            get_core.restype = ctypes.c_char_p
            info.update(config=get_config().decode(), coretype=get_core().decode(), threads=int(lib.openblas_get_num_threads()))
            break
        except (OSError, AttributeError):
            continue
    try:
        import threadpoolctl
        info["threadpoolctl"] = threadpoolctl.threadpool_info()
    except Exception:
        info["threadpoolctl"] = None
    opt = getattr(np.__config__, "blas_opt_info", None)
    if opt is None:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            try:
                np.show_config()
            except Exception:
                pass
        opt = buf.getvalue()[:4000]
    info["numpyShowConfig"] = opt
    return info

def median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

def measure(run):
    warm_start = time.perf_counter()
    warm_times = []
    while len(warm_times) < method["maxWarmupReps"] and (len(warm_times) < method["minWarmupReps"] or time.perf_counter() - warm_start < method["warmupSec"]):
        t = time.perf_counter()
        run()
        warm_times.append(time.perf_counter() - t)
    op = median(warm_times) if warm_times else 0.0
    wanted = math.ceil(method["sampleSec"] / op) if op > 0 else method["maxRepsPerSample"]
    reps = min(method["maxRepsPerSample"], max(method["minRepsPerSample"], wanted))
    samples = []
    for _ in range(method["samples"]):
        t = time.perf_counter()
        for _ in range(reps):
            run()
        samples.append((time.perf_counter() - t) / reps)
    return {"medianSec": median(samples), "samplesSec": samples, "repsPerSample": reps, "warmupReps": len(warm_times)}

rng = np.random.default_rng(0)
results = {}
for case in cfg["cases"]:
    a = rng.random(case["aShape"], dtype=np.float32) * 2 - 1
    b = rng.random(case["bShape"], dtype=np.float32) * 2 - 1
    x = a.swapaxes(-1, -2) if case["transposeA"] else a
    y = b.swapaxes(-1, -2) if case["transposeB"] else b
    print("progress " + case["id"], file=sys.stderr, flush=True)
    results[case["id"]] = measure(lambda: np.matmul(x, y))

print(json.dumps({
    "numpy": np.__version__,
    "python": platform.python_version(),
    "blas": blas_info(),
    "results": results,
}))
`;
