/*
 * ftheta's float32 GEMM for the tfjs wasm backend, in WebAssembly SIMD128.
 *
 * The module imports the wasm backend's own linear memory, so it reads the
 * operands and writes the result in place: no copies in or out. It keeps no
 * data and no shadow stack in that memory (built with stack-size=0; the build
 * script checks that no global is touched); its only working memory is the
 * `scratch` block that the caller allocates with the backend's malloc.
 *
 * Blocking follows the usual GEMM layout (Goto/BLIS): KC x NR column panels of B, MR x KC row
 * panels of A, and a 4x8 register tile (eight f32x4 accumulators) that does the work. Transposes
 * and batch strides are absorbed by the panel strides and the packing routines, so every variant
 * runs the same kernel. Products with fewer than MR rows (decoding one token) skip all this and
 * stream B once per row (gemv_rows).
 *
 * What bounds the speed (measured on a Zen 5 EPYC, Node 20 / V8 11.3; figures are GFLOP/s of one
 * thread on the nanoGPT training shapes, M = 384, d 128, MLP 512, attention [48, 64, 32]):
 *  - The kernel is floating-point bound: without relaxed SIMD there is no FMA, so each f32x4
 *    multiply-add is a mulps and an addps, and the core issues two of each per cycle. The 4x8
 *    kernel alone, on panels in L1, runs ~60; 3x8 and 2x16 run the same.
 *  - A larger tile does not fit: V8 keeps xmm15 as scratch (15 registers), issues every load of
 *    an iteration before its arithmetic, and needs a temporary for each product (no FMA), so a
 *    tile takes MR*NR/4 accumulators + NR/4 B vectors + MR broadcasts + 1. 4x8 uses exactly 15;
 *    4x12, 6x8, 5x8 and 3x12 spill in the inner loop and run at ~30. Unrolling over k with
 *    constant load offsets (no lea per load) did not help either.
 *  - So what is left is the work around the kernel, which was ~10% of the time: packing panels
 *    with scalar loads and stores (A not transposed, B transposed) and packing operands that the
 *    kernel can read where they lie. The kernel takes run-time panel strides so that A is read in
 *    place whenever it has a unit stride (always, from tfjs), and B in place when it is stored
 *    [k, n] and only a few rows (m <= MC, e.g. attention) would reuse a packed copy; the
 *    remaining packing transposes 4x4 blocks in registers.
 *  - KC 256 / MC 64 / NC 1024 were kept: KC 128/384/512 and MC 32/128 measured within noise
 *    (+-1%) on these shapes (A block <= 64 KB in the 1 MB L2, B panel <= 8 KB in the 48 KB L1).
 *
 * Rebuild: `pnpm --filter @ftheta/backend build:wasm` (needs Debian's clang + lld).
 */
#include <wasm_simd128.h>
#include <stdint.h>

#define MR 4
#define NR 8
#define KC 256
#define MC 64
#define NC 1024

typedef float f32;

/*
 * The register tile: c[4 x 8] (+)= sum over k of A-panel column k times B-panel row k.
 * Row r of the A panel at step k is a[r*ars + k*acs] (packed: ars 1, acs MR; in place: the
 * matrix's own strides), and the eight B values of step k are b[k*brs .. k*brs+7] (packed:
 * brs NR; in place: B's row stride).
 */
static inline void micro(int kc, const f32* restrict a, int ars, int acs, const f32* restrict b, int brs,
                         f32* restrict c, int ldc, int acc) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t a0 = wasm_v128_load32_splat(a), a1 = wasm_v128_load32_splat(a + ars);
    v128_t a2 = wasm_v128_load32_splat(a + 2 * ars), a3 = wasm_v128_load32_splat(a + 3 * ars);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    a += acs; b += brs;
  }
  if (acc) {
    c00 = wasm_f32x4_add(c00, wasm_v128_load(c)); c01 = wasm_f32x4_add(c01, wasm_v128_load(c + 4)); c += ldc;
    c10 = wasm_f32x4_add(c10, wasm_v128_load(c)); c11 = wasm_f32x4_add(c11, wasm_v128_load(c + 4)); c += ldc;
    c20 = wasm_f32x4_add(c20, wasm_v128_load(c)); c21 = wasm_f32x4_add(c21, wasm_v128_load(c + 4)); c += ldc;
    c30 = wasm_f32x4_add(c30, wasm_v128_load(c)); c31 = wasm_f32x4_add(c31, wasm_v128_load(c + 4));
    c -= 3 * ldc;
  }
  wasm_v128_store(c, c00); wasm_v128_store(c + 4, c01); c += ldc;
  wasm_v128_store(c, c10); wasm_v128_store(c + 4, c11); c += ldc;
  wasm_v128_store(c, c20); wasm_v128_store(c + 4, c21); c += ldc;
  wasm_v128_store(c, c30); wasm_v128_store(c + 4, c31);
}

/*
 * Transpose four rows of four floats: out[c] = (r0[c], r1[c], r2[c], r3[c]). V8 lowers each of
 * these shuffles to one unpck/movlh/movhl instruction.
 */
#define TRANSPOSE4(r0, r1, r2, r3) do { \
    v128_t t0_ = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1_ = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7); \
    v128_t t2_ = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3_ = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7); \
    r0 = wasm_i32x4_shuffle(t0_, t2_, 0, 1, 4, 5); r1 = wasm_i32x4_shuffle(t0_, t2_, 2, 3, 6, 7); \
    r2 = wasm_i32x4_shuffle(t1_, t3_, 0, 1, 4, 5); r3 = wasm_i32x4_shuffle(t1_, t3_, 2, 3, 6, 7); \
  } while (0)

/*
 * Gather four strided vectors (v_c = src[c*stride .. c*stride+3]) and store them transposed:
 * dst[i*dstride .. +3] = (v_0[i], v_1[i], v_2[i], v_3[i]) for i = 0..3. Packing an operand
 * whose panel is "across" its contiguous axis (A not transposed, B transposed) is four of these
 * per four k instead of sixteen scalar loads and stores.
 */
static inline void transpose4_store(const f32* src, int stride, f32* dst, int dstride) {
  v128_t r0 = wasm_v128_load(src), r1 = wasm_v128_load(src + stride);
  v128_t r2 = wasm_v128_load(src + 2 * stride), r3 = wasm_v128_load(src + 3 * stride);
  TRANSPOSE4(r0, r1, r2, r3);
  wasm_v128_store(dst, r0); wasm_v128_store(dst + dstride, r1);
  wasm_v128_store(dst + 2 * dstride, r2); wasm_v128_store(dst + 3 * dstride, r3);
}

/* Pack an mc x kc block of A (element (i,k) at a[i*rs + k*cs]) into MR-row panels, k-major, zero padded. */
static void pack_a(int mc, int kc, const f32* a, int rs, int cs, f32* ap) {
  for (int i0 = 0; i0 < mc; i0 += MR) {
    int mr = mc - i0 < MR ? mc - i0 : MR;
    const f32* src = a + i0 * rs;
    if (mr == MR && cs == 1) {
      int k = 0;
      for (; k + 4 <= kc; k += 4) transpose4_store(src + k, rs, ap + k * MR, MR);
      for (; k < kc; k++) { ap[k * MR] = src[k]; ap[k * MR + 1] = src[rs + k]; ap[k * MR + 2] = src[2 * rs + k]; ap[k * MR + 3] = src[3 * rs + k]; }
      ap += kc * MR;
    } else if (mr == MR && rs == 1) {
      for (int k = 0; k < kc; k++) { wasm_v128_store(ap, wasm_v128_load(src + k * cs)); ap += MR; }
    } else {
      for (int k = 0; k < kc; k++) {
        int r = 0;
        for (; r < mr; r++) ap[r] = src[r * rs + k * cs];
        for (; r < MR; r++) ap[r] = 0.f;
        ap += MR;
      }
    }
  }
}

/* Pack a kc x nc block of B (element (k,j) at b[k*rs + j*cs]) into NR-column panels, k-major, zero padded. */
static void pack_b(int kc, int nc, const f32* b, int rs, int cs, f32* bp) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    int nr = nc - j0 < NR ? nc - j0 : NR;
    const f32* src = b + j0 * cs;
    if (nr == NR && cs == 1) {
      for (int k = 0; k < kc; k++) {
        wasm_v128_store(bp, wasm_v128_load(src + k * rs));
        wasm_v128_store(bp + 4, wasm_v128_load(src + k * rs + 4));
        bp += NR;
      }
    } else if (nr == NR && rs == 1) { /* B transposed: column j of op(B) is contiguous */
      int k = 0;
      for (; k + 4 <= kc; k += 4) {
        transpose4_store(src + k, cs, bp + k * NR, NR);
        transpose4_store(src + 4 * cs + k, cs, bp + k * NR + 4, NR);
      }
      for (; k < kc; k++) for (int c = 0; c < NR; c++) bp[k * NR + c] = src[c * cs + k];
      bp += kc * NR;
    } else {
      for (int k = 0; k < kc; k++) {
        int c = 0;
        for (; c < nr; c++) bp[c] = src[k * rs + c * cs];
        for (; c < NR; c++) bp[c] = 0.f;
        bp += NR;
      }
    }
  }
}

/*
 * Few rows (m < MR: one token at a time while decoding): packing B would read and write all of it
 * for a handful of output rows, so stream B once per row instead. `a` is one contiguous row of k.
 *   B stored [k, n] (b_cs == 1): c = sum_p a[p] * B[p, :], 32 outputs per pass in registers.
 *   B stored [n, k] (b_rs == 1): c[j] = dot(a, B[j, :]), contiguous dot products.
 */
static void gemv_rows(int n, int k, const f32* restrict a, const f32* restrict b, int b_rs, int b_cs, f32* restrict c) {
  if (b_cs == 1) {
    int j = 0;
    for (; j + 32 <= n; j += 32) {
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
      const f32* bp = b + j;
      for (int p = 0; p < k; p++, bp += b_rs) {
        v128_t ap = wasm_f32x4_splat(a[p]);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(ap, wasm_v128_load(bp)));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(ap, wasm_v128_load(bp + 4)));
        c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(ap, wasm_v128_load(bp + 8)));
        c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(ap, wasm_v128_load(bp + 12)));
        c4 = wasm_f32x4_add(c4, wasm_f32x4_mul(ap, wasm_v128_load(bp + 16)));
        c5 = wasm_f32x4_add(c5, wasm_f32x4_mul(ap, wasm_v128_load(bp + 20)));
        c6 = wasm_f32x4_add(c6, wasm_f32x4_mul(ap, wasm_v128_load(bp + 24)));
        c7 = wasm_f32x4_add(c7, wasm_f32x4_mul(ap, wasm_v128_load(bp + 28)));
      }
      wasm_v128_store(c + j, c0); wasm_v128_store(c + j + 4, c1); wasm_v128_store(c + j + 8, c2); wasm_v128_store(c + j + 12, c3);
      wasm_v128_store(c + j + 16, c4); wasm_v128_store(c + j + 20, c5); wasm_v128_store(c + j + 24, c6); wasm_v128_store(c + j + 28, c7);
    }
    for (; j + 4 <= n; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0);
      const f32* bp = b + j;
      for (int p = 0; p < k; p++, bp += b_rs) c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(a[p]), wasm_v128_load(bp)));
      wasm_v128_store(c + j, c0);
    }
    for (; j < n; j++) {
      f32 sum = 0.f;
      for (int p = 0; p < k; p++) sum += a[p] * b[p * b_rs + j];
      c[j] = sum;
    }
  } else {
    for (int j = 0; j < n; j++) {
      const f32* bp = b + j * b_cs;
      v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
      int p = 0;
      if (b_rs == 1) {
        for (; p + 16 <= k; p += 16) {
          s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + p), wasm_v128_load(bp + p)));
          s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + p + 4), wasm_v128_load(bp + p + 4)));
          s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(a + p + 8), wasm_v128_load(bp + p + 8)));
          s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_v128_load(a + p + 12), wasm_v128_load(bp + p + 12)));
        }
        for (; p + 4 <= k; p += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + p), wasm_v128_load(bp + p)));
      }
      v128_t s = wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3));
      f32 sum = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
      for (; p < k; p++) sum += a[p] * bp[p * b_rs];
      c[j] = sum;
    }
  }
}

/*
 * C[m x n] (+)= op(A) op(B) for `batch` matrices. Strides are in elements.
 * scratch must hold MC*KC + KC*NC + MR*NR floats and be 16-byte aligned.
 */
__attribute__((export_name("gemm")))
void gemm(int batch, int m, int n, int k,
          const f32* a, int a_bs, int a_rs, int a_cs,
          const f32* b, int b_bs, int b_rs, int b_cs,
          f32* c, int c_bs, f32* scratch) {
  f32* ap = scratch;
  f32* bp = scratch + MC * KC;
  f32* tile = bp + KC * NC;
  for (int bi = 0; bi < batch; bi++) {
    const f32* A = a + bi * a_bs; const f32* B = b + bi * b_bs; f32* C = c + bi * c_bs;
    if (k == 0) { for (int i = 0; i < m * n; i++) C[i] = 0.f; continue; }
    if (m < MR && (a_cs == 1 || k <= MC * KC)) {
      for (int i = 0; i < m; i++) {
        const f32* row = A + i * a_rs;
        if (a_cs != 1) { /* gather a strided row into scratch so the kernels read it contiguously */
          for (int p = 0; p < k; p++) ap[p] = row[p * a_cs];
          row = ap;
        }
        gemv_rows(n, k, row, B, b_rs, b_cs, C + i * n);
      }
      continue;
    }
    for (int jc = 0; jc < n; jc += NC) {
      int nc = n - jc < NC ? n - jc : NC;
      for (int pc = 0; pc < k; pc += KC) {
        int kc = k - pc < KC ? k - pc : KC;
        /* B stored [k, n] is read in place when few rows would reuse a packed copy (attention:
           m = 64, n = 32, packing was ~5% of its time); with many rows the packed panel is
           cheaper to stream (in place cost ~10% at m = 384: rows 512-2048 bytes apart fall in
           few L1 sets). Only a partial last panel is packed (zero padded). */
        const f32* bblk = B + pc * b_rs + jc * b_cs;
        int nfull = b_cs == 1 && m <= MC ? nc / NR * NR : 0;
        if (nfull < nc) pack_b(kc, nc - nfull, bblk + nfull * b_cs, b_rs, b_cs, bp + nfull * kc);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = m - ic < MC ? m - ic : MC;
          /* A with a unit stride on either axis (every A that tfjs passes) is read in place by
             full MR-row panels; only a partial last panel is packed (zero padded). */
          const f32* ablk = A + ic * a_rs + pc * a_cs;
          int mfull = a_cs == 1 || a_rs == 1 ? mc / MR * MR : 0;
          if (mfull < mc) pack_a(mc - mfull, kc, ablk + mfull * a_rs, a_rs, a_cs, ap + mfull * kc);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = nc - jr < NR ? nc - jr : NR;
            const f32* bpan = jr < nfull ? bblk + jr : bp + jr * kc;
            int brs = jr < nfull ? b_rs : NR;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = mc - ir < MR ? mc - ir : MR;
              f32* cij = C + (ic + ir) * n + jc + jr;
              const f32* apan = ir < mfull ? ablk + ir * a_rs : ap + ir * kc;
              int ars = ir < mfull ? a_rs : 1, acs = ir < mfull ? a_cs : MR;
              if (mr == MR && nr == NR) {
                micro(kc, apan, ars, acs, bpan, brs, cij, n, pc > 0);
              } else {
                micro(kc, apan, ars, acs, bpan, brs, tile, NR, 0);
                for (int i = 0; i < mr; i++)
                  for (int j = 0; j < nr; j++)
                    cij[i * n + j] = (pc > 0 ? cij[i * n + j] : 0.f) + tile[i * NR + j];
              }
            }
          }
        }
      }
    }
  }
}

/* The loops above may be lowered to memset; this module has no libc. */
void* memset(void* dst, int value, unsigned long n) {
  unsigned char* p = (unsigned char*)dst;
  while (n--) *p++ = (unsigned char)value;
  return dst;
}
