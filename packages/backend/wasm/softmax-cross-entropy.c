/*
 * Sparse softmax cross-entropy over rows of width v (the vocabulary), forward and backward, in
 * WebAssembly SIMD128, linked into the same module as gemm.c.
 *
 * Forward:  lse = max + ln sum_j exp(logits[j] - max),  nll = lse - logits[label]
 *           (NaN for a label outside [0, v)); lse is kept for the backward pass.
 * Backward: dlogits[j] = dy * exp(logits[j] - lse) - (j == label ? dy : 0).
 */
#include <wasm_simd128.h>
#include "simd-math.h"

typedef float f32;

static inline f32 hmax(v128_t a) {
  f32 x = wasm_f32x4_extract_lane(a, 0), y = wasm_f32x4_extract_lane(a, 1);
  f32 z = wasm_f32x4_extract_lane(a, 2), w = wasm_f32x4_extract_lane(a, 3);
  f32 p = x > y ? x : y, q = z > w ? z : w;
  return p > q ? p : q;
}

static inline f32 hsum(v128_t a) {
  return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) +
         (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
}

__attribute__((export_name("sparse_ce_fwd")))
void sparse_ce_fwd(int n, int v, const f32* logits, const int* labels, f32* nll, f32* lse) {
  for (int r = 0; r < n; r++) {
    const f32* x = logits + (long)r * v;
    f32 mx = x[0];
    int j = 0;
    if (v >= 4) {
      v128_t m4 = wasm_v128_load(x);
      for (j = 4; j + 4 <= v; j += 4) m4 = wasm_f32x4_pmax(m4, wasm_v128_load(x + j));
      mx = hmax(m4);
    } else {
      j = 1;
    }
    for (; j < v; j++) mx = x[j] > mx ? x[j] : mx;
    const v128_t vmx = SPLAT(mx);
    v128_t s4 = SPLAT(0.f);
    for (j = 0; j + 4 <= v; j += 4) s4 = wasm_f32x4_add(s4, exp4(wasm_f32x4_sub(wasm_v128_load(x + j), vmx)));
    f32 s = hsum(s4);
    if (j < v) {
      int rest = v - j;
      v128_t t = SPLAT(0.f);
      t = wasm_f32x4_replace_lane(t, 0, x[j] - mx);
      if (rest > 1) t = wasm_f32x4_replace_lane(t, 1, x[j + 1] - mx);
      if (rest > 2) t = wasm_f32x4_replace_lane(t, 2, x[j + 2] - mx);
      v128_t e = exp4(t);
      s += wasm_f32x4_extract_lane(e, 0);
      if (rest > 1) s += wasm_f32x4_extract_lane(e, 1);
      if (rest > 2) s += wasm_f32x4_extract_lane(e, 2);
    }
    const f32 l = mx + logf_pos(s);
    const int label = labels[r];
    lse[r] = l;
    nll[r] = (label >= 0 && label < v) ? l - x[label] : __builtin_nanf("");
  }
}

__attribute__((export_name("sparse_ce_bwd")))
void sparse_ce_bwd(int n, int v, const f32* dy, const f32* logits, const int* labels, const f32* lse, f32* dlogits) {
  for (int r = 0; r < n; r++) {
    const f32* x = logits + (long)r * v;
    f32* d = dlogits + (long)r * v;
    const v128_t vl = SPLAT(lse[r]), vd = SPLAT(dy[r]);
    int j = 0;
    for (; j + 4 <= v; j += 4) wasm_v128_store(d + j, wasm_f32x4_mul(vd, exp4(wasm_f32x4_sub(wasm_v128_load(x + j), vl))));
    if (j < v) {
      v128_t t = SPLAT(0.f);
      int rest = v - j;
      t = wasm_f32x4_replace_lane(t, 0, x[j]);
      if (rest > 1) t = wasm_f32x4_replace_lane(t, 1, x[j + 1]);
      if (rest > 2) t = wasm_f32x4_replace_lane(t, 2, x[j + 2]);
      v128_t e = wasm_f32x4_mul(vd, exp4(wasm_f32x4_sub(t, vl)));
      d[j] = wasm_f32x4_extract_lane(e, 0);
      if (rest > 1) d[j + 1] = wasm_f32x4_extract_lane(e, 1);
      if (rest > 2) d[j + 2] = wasm_f32x4_extract_lane(e, 2);
    }
    const int label = labels[r];
    if (label >= 0 && label < v) d[label] -= dy[r];
  }
}
