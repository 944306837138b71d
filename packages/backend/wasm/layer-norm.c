/*
 * LayerNorm over the last axis (rows of width c), forward and backward, in WebAssembly SIMD128,
 * linked into the same module as gemm.c.
 *
 * Forward:  mean = sum(x)/c, var = sum((x-mean)^2)/c (biased, two passes), rstd = 1/sqrt(var+eps),
 *           y = (x-mean)*rstd*gamma (+ beta). mean and rstd are kept for the backward pass.
 * Backward: xhat = (x-mean)*rstd, g = dy*gamma,
 *           dx = rstd*(g - mean(g) - xhat*mean(g*xhat)), dgamma = sum_rows dy*xhat, dbeta = sum_rows dy.
 * With center = 0 this is RMSNorm: mean is taken as 0 (and written as 0), so rstd = 1/sqrt(mean(x^2)+eps)
 * and dx = rstd*(g - xhat*mean(g*xhat)).
 */
#include <wasm_simd128.h>

typedef float f32;

static inline f32 hsum(v128_t a) {
  return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) +
         (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
}

/* beta may be 0 (no shift). */
__attribute__((export_name("layer_norm_fwd")))
void layer_norm_fwd(int rows, int c, const f32* x, const f32* gamma, const f32* beta, f32 eps,
                    f32* y, f32* mean_out, f32* rstd_out, int center) {
  const f32 inv_c = 1.0f / (f32)c;
  for (int r = 0; r < rows; r++) {
    const f32* xr = x + (long)r * c;
    f32* yr = y + (long)r * c;
    v128_t acc = wasm_f32x4_splat(0.f);
    int j = 0;
    f32 mean = 0.f;
    if (center) {
      for (; j + 4 <= c; j += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(xr + j));
      f32 s = hsum(acc);
      for (; j < c; j++) s += xr[j];
      mean = s * inv_c;
    }
    const v128_t vmean = wasm_f32x4_splat(mean);
    acc = wasm_f32x4_splat(0.f);
    j = 0;
    for (; j + 4 <= c; j += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + j), vmean);
      acc = wasm_f32x4_add(acc, wasm_f32x4_mul(d, d));
    }
    f32 ss = hsum(acc);
    for (; j < c; j++) { f32 d = xr[j] - mean; ss += d * d; }
    const f32 rstd = 1.0f / __builtin_sqrtf(ss * inv_c + eps);
    const v128_t vrstd = wasm_f32x4_splat(rstd);
    j = 0;
    if (beta) {
      for (; j + 4 <= c; j += 4) {
        v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmean), vrstd);
        wasm_v128_store(yr + j, wasm_f32x4_add(wasm_f32x4_mul(h, wasm_v128_load(gamma + j)), wasm_v128_load(beta + j)));
      }
      for (; j < c; j++) yr[j] = (xr[j] - mean) * rstd * gamma[j] + beta[j];
    } else {
      for (; j + 4 <= c; j += 4) {
        v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmean), vrstd);
        wasm_v128_store(yr + j, wasm_f32x4_mul(h, wasm_v128_load(gamma + j)));
      }
      for (; j < c; j++) yr[j] = (xr[j] - mean) * rstd * gamma[j];
    }
    mean_out[r] = mean;
    rstd_out[r] = rstd;
  }
}

/* dgamma and dbeta are overwritten (not accumulated into). */
__attribute__((export_name("layer_norm_bwd")))
void layer_norm_bwd(int rows, int c, const f32* dy, const f32* x, const f32* mean, const f32* rstd,
                    const f32* gamma, f32* dx, f32* dgamma, f32* dbeta, int center) {
  const f32 inv_c = 1.0f / (f32)c;
  for (int j = 0; j < c; j++) { dgamma[j] = 0.f; dbeta[j] = 0.f; }
  for (int r = 0; r < rows; r++) {
    const f32* xr = x + (long)r * c;
    const f32* dyr = dy + (long)r * c;
    f32* dxr = dx + (long)r * c;
    const v128_t vmean = wasm_f32x4_splat(mean[r]), vrstd = wasm_f32x4_splat(rstd[r]);
    v128_t sg = wasm_f32x4_splat(0.f), sgx = sg;
    int j = 0;
    for (; j + 4 <= c; j += 4) {
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmean), vrstd);
      v128_t d = wasm_v128_load(dyr + j);
      v128_t gj = wasm_f32x4_mul(d, wasm_v128_load(gamma + j));
      sg = wasm_f32x4_add(sg, gj);
      sgx = wasm_f32x4_add(sgx, wasm_f32x4_mul(gj, h));
      wasm_v128_store(dgamma + j, wasm_f32x4_add(wasm_v128_load(dgamma + j), wasm_f32x4_mul(d, h)));
      wasm_v128_store(dbeta + j, wasm_f32x4_add(wasm_v128_load(dbeta + j), d));
    }
    f32 s1 = hsum(sg), s2 = hsum(sgx);
    for (; j < c; j++) {
      f32 h = (xr[j] - mean[r]) * rstd[r];
      f32 gj = dyr[j] * gamma[j];
      s1 += gj;
      s2 += gj * h;
      dgamma[j] += dyr[j] * h;
      dbeta[j] += dyr[j];
    }
    const f32 m1 = center ? s1 * inv_c : 0.f, m2 = s2 * inv_c;
    const v128_t vm1 = wasm_f32x4_splat(m1), vm2 = wasm_f32x4_splat(m2);
    j = 0;
    for (; j + 4 <= c; j += 4) {
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmean), vrstd);
      v128_t gj = wasm_f32x4_mul(wasm_v128_load(dyr + j), wasm_v128_load(gamma + j));
      v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(gj, vm1), wasm_f32x4_mul(h, vm2));
      wasm_v128_store(dxr + j, wasm_f32x4_mul(t, vrstd));
    }
    for (; j < c; j++) {
      f32 h = (xr[j] - mean[r]) * rstd[r];
      f32 gj = dyr[j] * gamma[j];
      dxr[j] = (gj - m1 - h * m2) * rstd[r];
    }
  }
}
