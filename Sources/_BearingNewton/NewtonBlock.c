// See BearingNewton.h. Written once on 8-lane vectors (clang's vector extensions) and compiled
// for AVX-512F and for AVX2. Each operation is one IEEE multiply, add, divide or bit operation
// per lane, in the order `LogisticKernel`'s Swift loop writes them; a fused multiply-add would
// round once instead of twice and change the bits, so contraction is off.
#include "BearingNewton.h"

#pragma clang fp contract(off)
// The helpers pass 8-lane vectors by value, which clang warns would change the calling
// convention without AVX-512; they are always inlined, so no call and no ABI exists.
#pragma clang diagnostic ignored "-Wpsabi"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

typedef double v8d __attribute__((vector_size(64), aligned(8)));
typedef float v8f __attribute__((vector_size(32), aligned(4)));
typedef long long v8l __attribute__((vector_size(64), aligned(8)));
typedef unsigned long long v8u __attribute__((vector_size(64), aligned(8)));

// XCR0 as the OS set it: which register states it saves on a context switch.
__attribute__((target("xsave")))
static unsigned long long enabled_states(void) {
    return _xgetbv(0);
}

int bearing_newton_vector_level(void) {
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known >= 0) return known;
    unsigned a, b, c, d;
    int level = 0;
    // OSXSAVE and AVX, and the OS saves the SSE and AVX states.
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27)) && (c & (1u << 28))) {
        unsigned long long xcr0 = enabled_states();
        if ((xcr0 & 0x6) == 0x6 && __get_cpuid_count(7, 0, &a, &b, &c, &d)) {
            if (b & (1u << 5)) level = 1;  // AVX2
            // AVX-512F, and the OS saves the opmask and the upper ZMM states too.
            if ((b & (1u << 16)) && (xcr0 & 0xE6) == 0xE6) level = 2;
        }
    }
    __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    return level;
}

static inline __attribute__((always_inline)) v8d splat(double c) {
    v8d v = {c, c, c, c, c, c, c, c};
    return v;
}

// `mask ? a : b` lane by lane, bit for bit (Swift's `replacing(with:where:)`).
static inline __attribute__((always_inline)) v8d pick(v8l mask, v8d a, v8d b) {
    return (v8d)((mask & (v8l)a) | (~mask & (v8l)b));
}

// `LogisticMath.expNonPositive`, operation for operation.
static inline __attribute__((always_inline)) v8d exp_non_positive(v8d x) {
    v8l tiny = x < -708;
    v8d clamped = pick(tiny, splat(-708), x);
    v8d shifter = splat(0x1.8p52);
    v8d k = (clamped * 1.4426950408889634 + shifter) - shifter;
    v8d r = (clamped - k * 6.9314718036912382e-1) - k * 1.9082149292705877e-10;
    v8d p = splat(1.0 / 6227020800.0);
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    v8u biased = (v8u)(k + (0x1p52 + 1023));
    v8d scale = (v8d)(biased << 52);
    return pick(tiny, splat(0), p * scale);
}

struct prepared {
    v8d loss, one_plus_e, resid, curvature;
};

// `BlockJob.prepare`: rows r..<min(r + 8, end) into xs[1...d], and their loss parts, residuals
// and curvatures; lanes past `end` are zero (one in `one_plus_e`).
static inline __attribute__((always_inline)) struct prepared prepare(
    const float *x, const float *y, const double *w, double *xs, long d, long r, long end) {
    long m = end - r;
    if (m > 8) m = 8;
    if (m < 0) m = 0;
    const float *group = x + (r >> 3) * d * 8;
    v8d yv;
    if (m == 8) {
        for (long j = 0; j < d; j++) *(v8d *)(xs + (j + 1) * 8) = __builtin_convertvector(*(const v8f *)(group + j * 8), v8d);
        yv = __builtin_convertvector(*(const v8f *)(y + r), v8d);
    } else {
        for (long j = 0; j < d; j++) {
            v8d v = splat(0);
            for (long l = 0; l < m; l++) v[l] = (double)group[j * 8 + l];
            *(v8d *)(xs + (j + 1) * 8) = v;
        }
        yv = splat(0);
        for (long l = 0; l < m; l++) yv[l] = (double)y[r + l];
    }
    v8d eta = splat(w[0]);
    for (long j = 1; j <= d; j++) eta = eta + *(const v8d *)(xs + j * 8) * w[j];
    v8l negative = eta < 0;
    v8d e = exp_non_positive(pick(negative, eta, -eta));
    struct prepared out;
    out.one_plus_e = 1 + e;
    v8d inv = 1 / out.one_plus_e;
    v8d prob = pick(negative, e * inv, inv);
    out.loss = pick(negative, splat(0), eta) - yv * eta;
    out.resid = prob - yv;
    out.curvature = e * inv * inv;
    if (m < 8) {
        v8d valid = splat(0);
        for (long l = 0; l < m; l++) valid[l] = 1;
        out.loss *= valid;
        out.resid *= valid;
        out.curvature *= valid;
        out.one_plus_e = pick(valid == 0, splat(1), out.one_plus_e);
    }
    return out;
}

static inline __attribute__((always_inline)) void block(
    const float *x, const float *y, const double *w, long d, long start, long end, int hessian, double *xs, double *g,
    double *h, double *loss, double *product) {
    const long p = d + 1;
    v8d loss_acc = *(const v8d *)loss;
    v8d product_acc = *(const v8d *)product;
    for (long r = start; r < end; r += 16) {
        struct prepared a = prepare(x, y, w, xs, d, r, end);
        struct prepared c = prepare(x, y, w, xs + p * 8, d, r + 8, end);
        loss_acc = loss_acc + (a.loss + c.loss);
        product_acc = product_acc * (a.one_plus_e * c.one_plus_e);
        long idx = 0;
        for (long j = 0; j < p; j++) {
            const v8d xa = *(const v8d *)(xs + j * 8);
            const v8d xb = *(const v8d *)(xs + (p + j) * 8);
            v8d *gj = (v8d *)(g + j * 8);
            *gj = *gj + (a.resid * xa + c.resid * xb);
            if (!hessian) continue;
            const v8d ta = a.curvature * xa;
            const v8d tb = c.curvature * xb;
            for (long k = 0; k <= j; k++, idx++) {
                v8d *hk = (v8d *)(h + idx * 8);
                *hk = *hk + (ta * *(const v8d *)(xs + k * 8) + tb * *(const v8d *)(xs + (p + k) * 8));
            }
        }
    }
    *(v8d *)loss = loss_acc;
    *(v8d *)product = product_acc;
}

__attribute__((target("avx512f")))
static void block512(
    const float *x, const float *y, const double *w, long d, long start, long end, int hessian, double *xs, double *g,
    double *h, double *loss, double *product) {
    block(x, y, w, d, start, end, hessian, xs, g, h, loss, product);
}

__attribute__((target("avx2")))
static void block256(
    const float *x, const float *y, const double *w, long d, long start, long end, int hessian, double *xs, double *g,
    double *h, double *loss, double *product) {
    block(x, y, w, d, start, end, hessian, xs, g, h, loss, product);
}

void bearing_newton_block(
    int level, const float *x, const float *y, const double *w, long d, long start, long end, int hessian, double *xs,
    double *g, double *h, double *loss, double *product) {
    int available = bearing_newton_vector_level();
    if (level >= 2 && available >= 2) {
        block512(x, y, w, d, start, end, hessian, xs, g, h, loss, product);
    } else if (level >= 1 && available >= 1) {
        block256(x, y, w, d, start, end, hessian, xs, g, h, loss, product);
    }
}

#else

int bearing_newton_vector_level(void) { return 0; }

void bearing_newton_block(
    int level, const float *x, const float *y, const double *w, long d, long start, long end, int hessian, double *xs,
    double *g, double *h, double *loss, double *product) {
    (void)level; (void)x; (void)y; (void)w; (void)d; (void)start; (void)end; (void)hessian;
    (void)xs; (void)g; (void)h; (void)loss; (void)product;
}

#endif
