/*
 * The sum of squares of one float32 array, accumulated in float64 (two f64x2 accumulators over
 * SIMD128), for global-norm gradient clipping; linked into the same module as gemm.c.
 */
#include <wasm_simd128.h>

typedef float f32;

__attribute__((export_name("sum_of_squares")))
double sum_of_squares(int n, const f32* x) {
  v128_t lo = wasm_f64x2_splat(0.0), hi = lo;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    v128_t a = wasm_f64x2_promote_low_f32x4(v);
    v128_t b = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    lo = wasm_f64x2_add(lo, wasm_f64x2_mul(a, a));
    hi = wasm_f64x2_add(hi, wasm_f64x2_mul(b, b));
  }
  double s = (wasm_f64x2_extract_lane(lo, 0) + wasm_f64x2_extract_lane(lo, 1)) +
             (wasm_f64x2_extract_lane(hi, 0) + wasm_f64x2_extract_lane(hi, 1));
  for (; i < n; i++) s += (double)x[i] * (double)x[i];
  return s;
}
