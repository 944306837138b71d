/*
 * One fused AdamW update (PyTorch's torch.optim.AdamW, no amsgrad) for one parameter tensor, in
 * WebAssembly SIMD128, linked into the same module as gemm.c (it shares the wasm backend's memory).
 *
 *   p0 = p * decay                     decay = 1 - lr*wd (1 when the tensor is not decayed)
 *   m' = m*b1 + g*(1-b1)
 *   v' = v*b2 + (g*g)*(1-b2)
 *   p' = p0 - (m' / (sqrt(v')/bc2 + eps)) * step      bc2 = sqrt(1 - b2^t), step = lr/(1 - b1^t)
 *
 * Every operation is one float32 operation in this order (wasm has no fused multiply-add here), so
 * the result is bit for bit that of the same formula evaluated op by op in float32 (the cpu kernel
 * in src/kernels/adamw-cpu.ts and the composite tfjs fallback).
 */
#include <wasm_simd128.h>

typedef float f32;

__attribute__((export_name("adamw")))
void adamw(int n, const f32* p, const f32* g, const f32* m, const f32* v,
           f32* p_out, f32* m_out, f32* v_out,
           f32 decay, f32 b1, f32 one_minus_b1, f32 b2, f32 one_minus_b2,
           f32 bc2, f32 eps, f32 step) {
  const v128_t vdecay = wasm_f32x4_splat(decay), vb1 = wasm_f32x4_splat(b1), v1b1 = wasm_f32x4_splat(one_minus_b1);
  const v128_t vb2 = wasm_f32x4_splat(b2), v1b2 = wasm_f32x4_splat(one_minus_b2), vbc2 = wasm_f32x4_splat(bc2);
  const v128_t veps = wasm_f32x4_splat(eps), vstep = wasm_f32x4_splat(step);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t p0 = wasm_f32x4_mul(wasm_v128_load(p + i), vdecay);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), vb1), wasm_f32x4_mul(gi, v1b1));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), v1b2));
    v128_t denom = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vi), vbc2), veps);
    v128_t pi = wasm_f32x4_sub(p0, wasm_f32x4_mul(wasm_f32x4_div(mi, denom), vstep));
    wasm_v128_store(m_out + i, mi);
    wasm_v128_store(v_out + i, vi);
    wasm_v128_store(p_out + i, pi);
  }
  for (; i < n; i++) {
    f32 gi = g[i];
    f32 p0 = p[i] * decay;
    f32 mi = m[i] * b1 + gi * one_minus_b1;
    f32 vi = v[i] * b2 + (gi * gi) * one_minus_b2;
    f32 denom = __builtin_sqrtf(vi) / bc2 + eps;
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p0 - (mi / denom) * step;
  }
}
