/*
 * ftheta's float32 GEMM for the tfjs wasm backend, in WebAssembly SIMD128.
 *
 * The module imports the wasm backend's own linear memory, so it reads the
 * operands and writes the result in place: no copies in or out. It keeps no
 * data and no shadow stack in that memory (built with stack-size=0; the build
 * script checks that no global is touched); its only working memory is the
 * `scratch` block that the caller allocates with the backend's malloc.
 *
 * Blocking follows the usual GEMM layout (Goto/BLIS): B is packed into
 * KC x NR column panels, A into MR x KC row panels, and a 4x8 register tile
 * (eight f32x4 accumulators) does the work. Transposes and batch strides are
 * absorbed by the packing routines, so every variant runs the same kernel.
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

static inline void micro(int kc, const f32* restrict ap, const f32* restrict bp, f32* restrict c, int ldc, int acc) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++) {
    v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
    v128_t a0 = wasm_v128_load32_splat(ap), a1 = wasm_v128_load32_splat(ap + 1);
    v128_t a2 = wasm_v128_load32_splat(ap + 2), a3 = wasm_v128_load32_splat(ap + 3);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    ap += MR; bp += NR;
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

/* Pack an mc x kc block of A (element (i,k) at a[i*rs + k*cs]) into MR-row panels, k-major, zero padded. */
static void pack_a(int mc, int kc, const f32* a, int rs, int cs, f32* ap) {
  for (int i0 = 0; i0 < mc; i0 += MR) {
    int mr = mc - i0 < MR ? mc - i0 : MR;
    const f32* src = a + i0 * rs;
    if (mr == MR && cs == 1) {
      const f32 *r0 = src, *r1 = src + rs, *r2 = src + 2 * rs, *r3 = src + 3 * rs;
      for (int k = 0; k < kc; k++) { ap[0] = r0[k]; ap[1] = r1[k]; ap[2] = r2[k]; ap[3] = r3[k]; ap += MR; }
    } else if (mr == MR && rs == 1) {
      for (int k = 0; k < kc; k++) { wasm_v128_store(ap, wasm_v128_load(src + k * cs)); ap += MR; }
    } else {
      for (int k = 0; k < kc; k++) {
        for (int r = 0; r < MR; r++) ap[r] = r < mr ? src[r * rs + k * cs] : 0.f;
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
    } else {
      for (int k = 0; k < kc; k++) {
        for (int c = 0; c < NR; c++) bp[c] = c < nr ? src[k * rs + c * cs] : 0.f;
        bp += NR;
      }
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
    for (int jc = 0; jc < n; jc += NC) {
      int nc = n - jc < NC ? n - jc : NC;
      for (int pc = 0; pc < k; pc += KC) {
        int kc = k - pc < KC ? k - pc : KC;
        pack_b(kc, nc, B + pc * b_rs + jc * b_cs, b_rs, b_cs, bp);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = m - ic < MC ? m - ic : MC;
          pack_a(mc, kc, A + ic * a_rs + pc * a_cs, a_rs, a_cs, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = nc - jr < NR ? nc - jr : NR;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = mc - ir < MR ? mc - ir : MR;
              f32* cij = C + (ic + ir) * n + jc + jr;
              if (mr == MR && nr == NR) {
                micro(kc, ap + ir * kc, bp + jr * kc, cij, n, pc > 0);
              } else {
                micro(kc, ap + ir * kc, bp + jr * kc, tile, NR, 0);
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
