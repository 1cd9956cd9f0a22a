// The Newton pass's block loop on AVX-512 or AVX2 registers, chosen at run time; Swift cannot
// compile one function for a CPU feature the build does not assume.
//
// The portable build targets baseline x86-64 (SSE2), where each SIMD8<Double> operation of
// `LogisticKernel` is four instructions. This is the same loop, doing the same IEEE operations
// lane by lane in the same order, eight or four lanes per instruction: the results are
// bit-identical to the Swift loop (checked in LogisticKernelPathTests), only faster.
#ifndef BEARING_NEWTON_H
#define BEARING_NEWTON_H

/// The widest loop this CPU and OS can run: 2 for AVX-512F, 1 for AVX2, 0 for neither (then
/// only the portable Swift loop runs).
int bearing_newton_vector_level(void);

/// Rows `start..<end` of one block of the pass at `level` (≤ the vector level; does nothing at
/// 0), sixteen at a time as two groups of eight, A and B, exactly as `LogisticKernel`'s loop.
/// `x` holds the regrouped design (`LogisticKernel.Tiles`, d features), `y` the labels, `w` the
/// p = d + 1 coefficients (intercept first). Every output is groups of eight doubles, one per
/// row lane, accumulated into (the caller zeroes them):
/// - `xs`: 2p groups of scratch, the first of A's and of B's (at group p) holding ones;
/// - `g`: p groups, g[j] += ra·xa_j + rb·xb_j (r: residual p − y);
/// - `h` (when `hessian` is not 0): p(p+1)/2 groups, the packed lower triangle row by row,
///   h[jk] += (ca·xa_j)·xa_k + (cb·xb_j)·xb_k (c: curvature p(1 − p));
/// - `loss`: one group, the loss without its log1p terms; `product`: one group (start at ones),
///   the product of their 1 + e factors.
void bearing_newton_block(
    int level, const float *x, const float *y, const double *w, long d, long start, long end, int hessian, double *xs,
    double *g, double *h, double *loss, double *product);

#endif
