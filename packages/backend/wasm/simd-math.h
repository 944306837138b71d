/*
 * Vector and scalar float32 math for the fused kernels (the module has no libm): Cephes' expf
 * (range reduction + degree-6 polynomial, about 1 ulp) for four lanes, and Cephes' logf.
 */
#ifndef FTHETA_SIMD_MATH_H
#define FTHETA_SIMD_MATH_H
#include <wasm_simd128.h>

#define SPLAT(v) wasm_f32x4_splat(v)

/* e^x per lane; x is clamped to [-87.34, 88.38] (no infinities, no denormals); NaN stays NaN. */
static inline v128_t exp4(v128_t x) {
  /* pmin/pmax are single instructions (min/max propagate NaN with a longer sequence); NaN is not
     clamped by them in this order, and it propagates through the arithmetic below. */
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, SPLAT(-87.33654475f)), SPLAT(88.3762626647949f));
  /* n = round(x*log2(e)) by the 1.5*2^23 trick: the sum's low mantissa bits are n. */
  const v128_t magic = SPLAT(12582912.0f);
  v128_t t = wasm_f32x4_add(wasm_f32x4_mul(x, SPLAT(1.44269504088896341f)), magic);
  v128_t fx = wasm_f32x4_sub(t, magic);
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, SPLAT(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, SPLAT(-2.12194440e-4f)));
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t y = SPLAT(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), SPLAT(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), SPLAT(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), SPLAT(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), SPLAT(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), SPLAT(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(y, z), x), SPLAT(1.f));
  /* 2^n: n sits in the low bits of t (as an offset from magic's bits 0x4B400000). */
  v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_sub(t, magic), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, pow2n);
}

/* ln x for a normal, finite x > 0. */
static inline float logf_pos(float x) {
  union { float f; int i; } u = { x };
  int e = ((u.i >> 23) & 0xff) - 126; /* x = m * 2^e, m in [0.5, 1) */
  u.i = (u.i & 0x807fffff) | 0x3f000000;
  float m = u.f;
  if (m < 0.70710678118654752f) { e -= 1; m = m + m - 1.0f; } else { m = m - 1.0f; }
  float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  float fe = (float)e;
  y += -2.12194440e-4f * fe;
  y += -0.5f * z;
  return m + y + 0.693359375f * fe;
}

#endif
