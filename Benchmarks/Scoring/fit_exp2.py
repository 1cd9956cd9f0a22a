#!/usr/bin/env python3
"""Coefficients of FastMath.kernelLogistic's 2^f polynomial (degree 5, constant term 1) on
[-1/2, 1/2], fitted for relative error by Lawson-weighted least squares on Chebyshev points,
and their error when evaluated in float32 (Horner, no FMA, so an upper bound for the kernel).

    python3 Benchmarks/Scoring/fit_exp2.py
"""
import numpy as np

f = np.cos(np.linspace(0, np.pi, 4001)) * 0.5
y = 2.0 ** f
A = np.vstack([f ** k for k in range(1, 6)]).T
w = np.ones_like(f)
for _ in range(200):
    W = w / y
    c, *_ = np.linalg.lstsq(A * W[:, None], (y - 1) * W, rcond=None)
    err = (1 + A @ c - y) / y
    w = w * np.abs(err) ** 0.5
    w /= w.mean()
print("coefficients p1..p5:", ", ".join(f"{v:.8f}" for v in c))
print(f"fit relative error {np.abs(err).max():.3g}")
c32 = np.array([float(f"{v:.8f}") for v in c], dtype=np.float32)
ff = np.linspace(-0.5, 0.5, 200001).astype(np.float32)
p = c32[4]
for k in (3, 2, 1, 0):
    p = p * ff + c32[k]
p = p * ff + np.float32(1)
ref = 2.0 ** ff.astype(np.float64)
print(f"float32 relative error {np.abs((p.astype(np.float64) - ref) / ref).max():.3g}")
