/*
 * GELU forward and backward in WebAssembly SIMD128, linked into the same module as gemm.c.
 *
 * y = x*g with a gate g that the forward pass also writes out, so that the backward pass needs no
 * second sigmoid or erf:
 * mode 0, tanh form (gelu_new, gelu_pytorch_tanh): g = sigmoid(2u), u = sqrt(2/pi)(x + 0.044715x^3)
 *   (0.5(1 + tanh u) = sigmoid(2u)); dy/dx = g + x*g*(1-g)*2*sqrt(2/pi)*(1 + 3*0.044715x^2).
 * mode 1, exact (gelu): g = 0.5(1 + erf(x/sqrt2)); dy/dx = g + x*exp(-x^2/2)/sqrt(2pi).
 *
 * exp is exp4 of simd-math.h; erf is Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), the same
 * formula as tfjs's cpu and wasm Erf kernels.
 */
#include <wasm_simd128.h>
#include "simd-math.h"

typedef float f32;

#define K2 1.5957691216057308f /* 2*sqrt(2/pi) */
#define C3 0.044715f
#define INV_SQRT2 0.7071067811865476f
#define INV_SQRT_2PI 0.3989422804014327f

static inline v128_t erf4(v128_t x) {
  v128_t ax = wasm_f32x4_abs(x);
  v128_t t = wasm_f32x4_div(SPLAT(1.f), wasm_f32x4_add(SPLAT(1.f), wasm_f32x4_mul(SPLAT(0.3275911f), ax)));
  v128_t p = SPLAT(1.061405429f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), SPLAT(-1.453152027f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), SPLAT(1.421413741f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), SPLAT(-0.284496736f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, t), SPLAT(0.254829592f));
  p = wasm_f32x4_mul(p, t);
  v128_t y = wasm_f32x4_sub(SPLAT(1.f), wasm_f32x4_mul(p, exp4(wasm_f32x4_neg(wasm_f32x4_mul(ax, ax)))));
  /* copy the sign of x onto y */
  v128_t sign = wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000));
  return wasm_v128_or(y, sign);
}

/* x*s*(1-s)*... terms: s = sigmoid(2u). */
static inline v128_t sig2u(v128_t x) {
  v128_t x2 = wasm_f32x4_mul(x, x);
  v128_t twou = wasm_f32x4_mul(wasm_f32x4_add(x, wasm_f32x4_mul(wasm_f32x4_mul(x2, x), SPLAT(C3))), SPLAT(K2));
  return wasm_f32x4_div(SPLAT(1.f), wasm_f32x4_add(SPLAT(1.f), exp4(wasm_f32x4_neg(twou))));
}

/* The gate g with y = x*g: sigmoid(2u) (tanh form) or the normal cdf 0.5(1 + erf(x/sqrt2)). */
static inline v128_t gate4(v128_t x, int mode) {
  if (mode == 0) return sig2u(x);
  return wasm_f32x4_mul(SPLAT(0.5f), wasm_f32x4_add(SPLAT(1.f), erf4(wasm_f32x4_mul(x, SPLAT(INV_SQRT2)))));
}

/* dy/dx from x and the gate the forward pass saved (no second sigmoid or erf). */
static inline v128_t dydx4(v128_t x, v128_t g, int mode) {
  if (mode == 0) {
    v128_t x2 = wasm_f32x4_mul(x, x);
    v128_t du = wasm_f32x4_mul(SPLAT(K2), wasm_f32x4_add(SPLAT(1.f), wasm_f32x4_mul(x2, SPLAT(3.f * C3))));
    v128_t ds = wasm_f32x4_mul(wasm_f32x4_mul(g, wasm_f32x4_sub(SPLAT(1.f), g)), du);
    return wasm_f32x4_add(g, wasm_f32x4_mul(x, ds));
  }
  v128_t pdf = wasm_f32x4_mul(exp4(wasm_f32x4_mul(wasm_f32x4_mul(x, x), SPLAT(-0.5f))), SPLAT(INV_SQRT_2PI));
  return wasm_f32x4_add(g, wasm_f32x4_mul(x, pdf));
}

/* Loads up to 4 floats (missing lanes 0): the tail goes through the same SIMD code. */
static inline v128_t load_tail(const f32* p, int k) {
  v128_t v = wasm_f32x4_splat(0.f);
  if (k > 0) v = wasm_f32x4_replace_lane(v, 0, p[0]);
  if (k > 1) v = wasm_f32x4_replace_lane(v, 1, p[1]);
  if (k > 2) v = wasm_f32x4_replace_lane(v, 2, p[2]);
  return v;
}

static inline void store_tail(f32* p, v128_t v, int k) {
  if (k > 0) p[0] = wasm_f32x4_extract_lane(v, 0);
  if (k > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (k > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/* y = x*g; the gate g is written too, for gelu_bwd. */
__attribute__((export_name("gelu_fwd")))
void gelu_fwd(int n, const f32* x, f32* y, f32* gate, int mode) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t xi = wasm_v128_load(x + i);
    v128_t g = gate4(xi, mode);
    wasm_v128_store(gate + i, g);
    wasm_v128_store(y + i, wasm_f32x4_mul(xi, g));
  }
  if (i < n) {
    int k = n - i;
    v128_t xi = load_tail(x + i, k);
    v128_t g = gate4(xi, mode);
    store_tail(gate + i, g, k);
    store_tail(y + i, wasm_f32x4_mul(xi, g), k);
  }
}

__attribute__((export_name("gelu_bwd")))
void gelu_bwd(int n, const f32* dy, const f32* x, const f32* gate, f32* dx, int mode) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t d = dydx4(wasm_v128_load(x + i), wasm_v128_load(gate + i), mode);
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), d));
  }
  if (i < n) {
    int k = n - i;
    v128_t d = dydx4(load_tail(x + i, k), load_tail(gate + i, k), mode);
    store_tail(dx + i, wasm_f32x4_mul(load_tail(dy + i, k), d), k);
  }
}
