/*
 * Mamba's selective scan, forward and backward, in WebAssembly SIMD128, linked into the same
 * module as gemm.c. Per batch b, channel d (of D) and state index n (of N):
 *
 *   h_t[d,n] = exp(Δ_t[d]·A[d,n])·h_{t-1}[d,n] + Δ_t[d]·x_t[d]·B_t[n]
 *   y_t[d]   = Σ_n C_t[n]·h_t[d,n] + Dv[d]·x_t[d]
 *
 * Vectorised over the channels d (four per v128), so the sums over n are lane-wise adds and B_t[n],
 * C_t[n] are splats. The state is kept transposed, [N, Dp] with Dp = D rounded up to 4 (padding
 * lanes have Δ = 0, x = 0, A = 0, so they stay 0); x, Δ, y rows are copied through padded rows.
 *
 * Forward: one pass over T per batch; every K steps the state *before* the step (h_{cK}) is written
 * to ckpt [B, ⌈T/K⌉, N, Dp] for the backward pass.
 * Backward: per batch, chunks in reverse; each chunk's states h_{cK..cK+L} and decays exp(Δ·A) are
 * recomputed from its checkpoint, then the adjoint g = ∂L/∂h_t runs backwards:
 *   g += dy_t·C_t;  dC_t[n] = Σ_d dy_t·h_t;  e = g·h_{t-1}·exp(Δ_t A) (∂L/∂(Δ_t A));
 *   dΔ_t += Σ_n e·A + (Σ_n g·B_t)·x_t;  dA += e·Δ_t;  dx_t += (Σ_n g·B_t)·Δ_t + dy_t·Dv;
 *   dB_t[n] = Σ_d g·Δ_t·x_t;  dDv += dy_t·x_t;  g ← exp(Δ_t A)·g  (= ∂L/∂h_{t-1}).
 * After t = 0, g is the gradient of the initial state.
 */
#include <wasm_simd128.h>
#include "simd-math.h"

typedef float f32;

static inline f32 hsum4(v128_t a) {
  return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) +
         (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
}

static inline int pad4(int n) { return (n + 3) & ~3; }

/* dst[0..dp) = src[0..nd) then zeros. */
static void copy_row(f32* dst, const f32* src, int nd, int dp) {
  int d = 0;
  for (; d + 4 <= nd; d += 4) wasm_v128_store(dst + d, wasm_v128_load(src + d));
  for (; d < nd; d++) dst[d] = src[d];
  for (; d < dp; d++) dst[d] = 0.f;
}

/* AT [N, Dp] = A [D, N] transposed, padding lanes 0. */
static void transpose_a(f32* at, const f32* a, int nd, int nn, int dp) {
  for (int n = 0; n < nn; n++) {
    for (int d = 0; d < nd; d++) at[(long)n * dp + d] = a[(long)d * nn + n];
    for (int d = nd; d < dp; d++) at[(long)n * dp + d] = 0.f;
  }
}

/* One step for all channels: h = exp(dl·AT)·h + u·B; y = Σ_n C·h (+ yr's initial value). Writes the
   decays to dec when it is not 0. */
static inline void step(int nn, int dp, const f32* at, const f32* dlr, const f32* ur, const f32* bt,
                        const f32* ct, const f32* hin, f32* hout, f32* dec, f32* yr) {
  for (int d = 0; d < dp; d += 4) {
    const v128_t dl = wasm_v128_load(dlr + d), u = wasm_v128_load(ur + d);
    v128_t y = yr ? wasm_v128_load(yr + d) : wasm_f32x4_splat(0.f);
    for (int n = 0; n < nn; n++) {
      const long i = (long)n * dp + d;
      const v128_t a = exp4(wasm_f32x4_mul(dl, wasm_v128_load(at + i)));
      const v128_t h = wasm_f32x4_add(wasm_f32x4_mul(a, wasm_v128_load(hin + i)), wasm_f32x4_mul(u, wasm_f32x4_splat(bt[n])));
      wasm_v128_store(hout + i, h);
      if (dec) wasm_v128_store(dec + i, a);
      if (yr) y = wasm_f32x4_add(y, wasm_f32x4_mul(h, wasm_f32x4_splat(ct[n])));
    }
    if (yr) wasm_v128_store(yr + d, y);
  }
}

/* Floats of scratch selective_scan_fwd needs. */
__attribute__((export_name("selective_scan_fwd_scratch")))
int selective_scan_fwd_scratch(int nd, int nn) {
  const int dp = pad4(nd);
  return 2 * nn * dp + 3 * dp;
}

/* x, delta, y [B,T,D]; A [D,N]; Bm, Cm [B,T,N]; Dv [D]; h0, state [B,D,N]; ckpt [B,⌈T/K⌉,N,Dp]. */
__attribute__((export_name("selective_scan_fwd")))
void selective_scan_fwd(int nb, int nt, int nd, int nn, int k, const f32* x, const f32* delta, const f32* a,
                        const f32* bm, const f32* cm, const f32* dv, const f32* h0, f32* y, f32* state, f32* ckpt,
                        f32* scratch) {
  const int dp = pad4(nd), nc = (nt + k - 1) / k;
  const long sz = (long)nn * dp;
  f32 *at = scratch, *h = at + sz, *dlr = h + sz, *ur = dlr + dp, *yr = ur + dp;
  transpose_a(at, a, nd, nn, dp);
  for (int b = 0; b < nb; b++) {
    for (int n = 0; n < nn; n++) {
      for (int d = 0; d < nd; d++) h[(long)n * dp + d] = h0[((long)b * nd + d) * nn + n];
      for (int d = nd; d < dp; d++) h[(long)n * dp + d] = 0.f;
    }
    for (int t = 0; t < nt; t++) {
      if (t % k == 0) {
        f32* dst = ckpt + ((long)b * nc + t / k) * sz;
        for (long i = 0; i < sz; i += 4) wasm_v128_store(dst + i, wasm_v128_load(h + i));
      }
      const long row = ((long)b * nt + t) * nd;
      copy_row(dlr, delta + row, nd, dp);
      for (int d = 0; d < nd; d++) { ur[d] = dlr[d] * x[row + d]; yr[d] = dv[d] * x[row + d]; }
      for (int d = nd; d < dp; d++) { ur[d] = 0.f; yr[d] = 0.f; }
      const long bo = ((long)b * nt + t) * nn;
      step(nn, dp, at, dlr, ur, bm + bo, cm + bo, h, h, 0, yr);
      for (int d = 0; d < nd; d++) y[row + d] = yr[d];
    }
    for (int d = 0; d < nd; d++) {
      for (int n = 0; n < nn; n++) state[((long)b * nd + d) * nn + n] = h[(long)n * dp + d];
    }
  }
}

/* Floats of scratch selective_scan_bwd needs. */
__attribute__((export_name("selective_scan_bwd_scratch")))
int selective_scan_bwd_scratch(int nd, int nn, int k) {
  const int dp = pad4(nd);
  return (3 + (k + 1) + k) * nn * dp + 6 * dp;
}

/* dy [B,T,D], dstate [B,D,N]; outputs dx, ddelta [B,T,D], dA [D,N], dB, dC [B,T,N], dDv [D], dh0 [B,D,N]
   (all overwritten). */
__attribute__((export_name("selective_scan_bwd")))
void selective_scan_bwd(int nb, int nt, int nd, int nn, int k, const f32* dy, const f32* dstate, const f32* x,
                        const f32* delta, const f32* a, const f32* bm, const f32* cm, const f32* dv, const f32* ckpt,
                        f32* dx, f32* ddelta, f32* da, f32* db, f32* dc, f32* ddv, f32* dh0, f32* scratch) {
  const int dp = pad4(nd), nc = (nt + k - 1) / k;
  const long sz = (long)nn * dp;
  f32 *at = scratch, *dat = at + sz, *g = dat + sz, *hs = g + sz, *dec = hs + (long)(k + 1) * sz;
  f32 *dyr = dec + (long)k * sz, *dlr = dyr + dp, *ur = dlr + dp, *acc_e = ur + dp, *acc_u = acc_e + dp, *ddacc = acc_u + dp;
  transpose_a(at, a, nd, nn, dp);
  for (long i = 0; i < sz; i++) dat[i] = 0.f;
  for (int d = 0; d < dp; d++) ddacc[d] = 0.f;
  for (int b = 0; b < nb; b++) {
    for (int n = 0; n < nn; n++) {
      for (int d = 0; d < nd; d++) g[(long)n * dp + d] = dstate[((long)b * nd + d) * nn + n];
      for (int d = nd; d < dp; d++) g[(long)n * dp + d] = 0.f;
    }
    for (int c = nc - 1; c >= 0; c--) {
      const int t0 = c * k, len = (nt - t0 < k) ? nt - t0 : k;
      /* Recompute the chunk: hs[j] = h_{t0+j} (j = 0..len), dec[j] = exp(Δ_{t0+j}·A). */
      const f32* src = ckpt + ((long)b * nc + c) * sz;
      for (long i = 0; i < sz; i += 4) wasm_v128_store(hs + i, wasm_v128_load(src + i));
      for (int j = 0; j < len; j++) {
        const long row = ((long)b * nt + t0 + j) * nd;
        copy_row(dlr, delta + row, nd, dp);
        for (int d = 0; d < nd; d++) ur[d] = dlr[d] * x[row + d];
        for (int d = nd; d < dp; d++) ur[d] = 0.f;
        const long bo = ((long)b * nt + t0 + j) * nn;
        step(nn, dp, at, dlr, ur, bm + bo, cm + bo, hs + (long)j * sz, hs + (long)(j + 1) * sz, dec + (long)j * sz, 0);
      }
      for (int j = len - 1; j >= 0; j--) {
        const int t = t0 + j;
        const long row = ((long)b * nt + t) * nd, bo = ((long)b * nt + t) * nn;
        copy_row(dyr, dy + row, nd, dp);
        copy_row(dlr, delta + row, nd, dp);
        for (int d = 0; d < nd; d++) ur[d] = dlr[d] * x[row + d];
        for (int d = nd; d < dp; d++) ur[d] = 0.f;
        for (int d = 0; d < dp; d += 4) {
          wasm_v128_store(acc_e + d, wasm_f32x4_splat(0.f));
          wasm_v128_store(acc_u + d, wasm_f32x4_splat(0.f));
        }
        const f32 *hcur = hs + (long)(j + 1) * sz, *hprev = hs + (long)j * sz, *dj = dec + (long)j * sz;
        for (int n = 0; n < nn; n++) {
          const v128_t bb = wasm_f32x4_splat(bm[bo + n]), cc = wasm_f32x4_splat(cm[bo + n]);
          v128_t sc = wasm_f32x4_splat(0.f), sb = sc;
          const long o = (long)n * dp;
          for (int d = 0; d < dp; d += 4) {
            const long i = o + d;
            const v128_t dyv = wasm_v128_load(dyr + d), dl = wasm_v128_load(dlr + d), dec_i = wasm_v128_load(dj + i);
            const v128_t gv = wasm_f32x4_add(wasm_v128_load(g + i), wasm_f32x4_mul(dyv, cc));
            sc = wasm_f32x4_add(sc, wasm_f32x4_mul(dyv, wasm_v128_load(hcur + i)));
            const v128_t e = wasm_f32x4_mul(wasm_f32x4_mul(gv, wasm_v128_load(hprev + i)), dec_i);
            wasm_v128_store(acc_e + d, wasm_f32x4_add(wasm_v128_load(acc_e + d), wasm_f32x4_mul(e, wasm_v128_load(at + i))));
            wasm_v128_store(dat + i, wasm_f32x4_add(wasm_v128_load(dat + i), wasm_f32x4_mul(e, dl)));
            wasm_v128_store(acc_u + d, wasm_f32x4_add(wasm_v128_load(acc_u + d), wasm_f32x4_mul(gv, bb)));
            sb = wasm_f32x4_add(sb, wasm_f32x4_mul(gv, wasm_v128_load(ur + d)));
            wasm_v128_store(g + i, wasm_f32x4_mul(dec_i, gv));
          }
          dc[bo + n] = hsum4(sc);
          db[bo + n] = hsum4(sb);
        }
        for (int d = 0; d < nd; d++) {
          const f32 xv = x[row + d], gy = dyr[d];
          ddelta[row + d] = acc_e[d] + acc_u[d] * xv;
          dx[row + d] = acc_u[d] * dlr[d] + gy * dv[d];
          ddacc[d] += gy * xv;
        }
      }
    }
    for (int d = 0; d < nd; d++) {
      for (int n = 0; n < nn; n++) dh0[((long)b * nd + d) * nn + n] = g[(long)n * dp + d];
    }
  }
  for (int d = 0; d < nd; d++) {
    for (int n = 0; n < nn; n++) da[(long)d * nn + n] = dat[(long)n * dp + d];
    ddv[d] = ddacc[d];
  }
}
