"""Reference values for Bearing's shifted-beta-geometric (sBG) retention model.

Fits (alpha, beta) by maximum likelihood with scipy on the two cohorts published in
Fader & Hardie (2007), "How to Project Customer Retention", J. Interactive Marketing 21(1),
Table 1 (1000 customers each, years 0-7 used for estimation; years 8-12 are the holdout),
and evaluates the closed forms Bearing implements. Run:  python3 sbg_reference.py
Output is pasted into ShiftedBetaGeometricTests.swift (see `Reference`).
"""
import json
import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, hyp2f1

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


def log_p(a, b, t):  # ln P(T = t) = ln B(a+1, b+t-1) - ln B(a, b)
    return betaln(a + 1, b + t - 1) - betaln(a, b)


def log_s(a, b, t):  # ln S(t) = ln B(a, b+t) - ln B(a, b)
    return betaln(a, b + t) - betaln(a, b)


def loglik(a, b, cohorts):
    ll = 0.0
    for n in cohorts:
        k = len(n) - 1
        for t in range(1, k + 1):
            ll += (n[t - 1] - n[t]) * log_p(a, b, t)
        ll += n[k] * log_s(a, b, k)
    return ll


def fit(cohorts):
    f = lambda x: -loglik(np.exp(x[0]), np.exp(x[1]), cohorts)
    best = None
    for x0 in ([0.0, 0.0], [1.0, 2.0], [-1.0, 1.0]):
        r = minimize(f, x0, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-13, "maxiter": 20000})
        r = minimize(f, r.x, method="BFGS", options={"gtol": 1e-10})
        if best is None or r.fun < best.fun:
            best = r
    return float(np.exp(best.x[0])), float(np.exp(best.x[1])), float(-best.fun)


def standard_errors(a, b, cohorts, h=1e-4):
    """Delta-method standard errors of (alpha, beta): inverse of the observed information in
    (ln alpha, ln beta) by central finite differences (step h), scaled by alpha and beta."""
    f = lambda u, v: loglik(np.exp(u), np.exp(v), cohorts)
    u, v = np.log(a), np.log(b)
    huu = (f(u + h, v) - 2 * f(u, v) + f(u - h, v)) / h**2
    hvv = (f(u, v + h) - 2 * f(u, v) + f(u, v - h)) / h**2
    huv = (f(u + h, v + h) - f(u + h, v - h) - f(u - h, v + h) + f(u - h, v - h)) / (4 * h**2)
    cov = np.linalg.inv(-np.array([[huu, huv], [huv, hvv]]))
    return [float(a * np.sqrt(cov[0, 0])), float(b * np.sqrt(cov[1, 1]))]


def derl(a, b, d, n):
    """Fader & Hardie (2010): customer who has made n-1 renewals (survived n-1 periods)."""
    return (b + n - 1) / (a + b + n - 1) * hyp2f1(1, b + n, a + b + n, 1 / (1 + d))


def derl_sum(a, b, d, n, terms=3000):
    s_prev = np.exp(log_s(a, b, n - 1))
    return sum(np.exp(log_s(a, b, t)) / s_prev / (1 + d) ** (t - n) for t in range(n, n + terms))


out = {}
for name, series in (("regular", REGULAR), ("highEnd", HIGH_END)):
    a, b, ll = fit([series[:8]])
    surv = [float(np.exp(log_s(a, b, t))) for t in range(13)]
    out[name] = {
        "alpha": a, "beta": b, "logLikelihood": ll,
        "standardErrors": standard_errors(a, b, [series[:8]]),
        "survival0to12": surv,
        "retention1to12": [(b + t - 1) / (a + b + t - 1) for t in range(1, 13)],
        "del10": float(hyp2f1(1, b, a + b, 1 / 1.1)),
        "derl10_n1": float(derl(a, b, 0.1, 1)),
        "derl10_n8": float(derl(a, b, 0.1, 8)),
        "derl10_n8_sum": float(derl_sum(a, b, 0.1, 8)),
    }
# Both cohorts together share (alpha, beta).
a, b, ll = fit([REGULAR[:8], HIGH_END[:8]])
out["pooled"] = {"alpha": a, "beta": b, "logLikelihood": ll}
# Spot values of the closed forms at fixed parameters.
out["fixed"] = {
    "alpha": 0.7, "beta": 1.2,
    "p1to5": [float(np.exp(log_p(0.7, 1.2, t))) for t in range(1, 6)],
    "s1to5": [float(np.exp(log_s(0.7, 1.2, t))) for t in range(1, 6)],
    "logLik_regular_at_1_1": loglik(1.0, 1.0, [REGULAR[:8]]),
}
print(json.dumps(out, indent=2))
