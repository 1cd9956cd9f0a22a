"""Reference values for Bearing's beta-discrete-Weibull (BdW) retention model, the sBG-vs-BdW
likelihood-ratio test, and the sBG model with a vector-category shift.

BdW (Fader, Hardie, Liu, Davin & Steenburgh 2018, "How to Project Customer Retention
Revisited", J. Interactive Marketing 43): S(t) = B(a, b + t^c) / B(a, b). Fitted by maximum
likelihood with scipy (Nelder-Mead then BFGS on the log-parameters, several starts) on the two
cohorts of Fader & Hardie (2007), Table 1, years 0-7 (as sbg_reference.py).

Category model: h_k(t) = logistic(log a - log(b + t - 1) + g_k), g_neutral = 0, binomial in
each (cohort, period, category) cell. Counts are simulated here from that model with a fixed
numpy seed and printed with the fit, so the Swift test holds both.

Run:  python3 bdw_reference.py > bdw_reference.json
Output is pasted into BetaDiscreteWeibullTests.swift and CategoryShiftedBetaGeometricTests.swift.
"""
import json
import warnings
import numpy as np
from scipy import integrate
from scipy.optimize import minimize
from scipy.special import betaln, digamma, expit
from scipy.stats import chi2

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


def log_s(a, b, c, t):  # ln S(t) = ln B(a, b + t^c) - ln B(a, b), t real >= 0
    return betaln(a, b + np.power(t, c)) - betaln(a, b)


def loglik(a, b, c, cohorts):
    ll = 0.0
    for n in cohorts:
        k = len(n) - 1
        for t in range(1, k + 1):
            p = np.exp(log_s(a, b, c, t - 1)) - np.exp(log_s(a, b, c, t))
            ll += (n[t - 1] - n[t]) * np.log(p)
        ll += n[k] * log_s(a, b, c, k)
    return ll


def fit(cohorts, fixed_c=None):
    if fixed_c is None:
        f = lambda x: -loglik(*np.exp(x), cohorts)
        starts = ([0, 0, 0], [1, 2, 0], [-1, 1, 0.3], [0, 1, -0.3])
    else:
        f = lambda x: -loglik(np.exp(x[0]), np.exp(x[1]), fixed_c, cohorts)
        starts = ([0, 0], [1, 2], [-1, 1])
    best = None
    for x0 in starts:
        r = minimize(f, x0, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-13, "maxiter": 40000, "maxfev": 40000})
        r = minimize(f, r.x, method="BFGS", options={"gtol": 1e-10})
        if best is None or r.fun < best.fun:
            best = r
    return [float(v) for v in np.exp(best.x)], float(-best.fun), best.x, f


def standard_errors(x, f, h=1e-4):
    """Delta-method standard errors from a central finite-difference Hessian in log space."""
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            e_i = np.eye(n)[i] * h
            e_j = np.eye(n)[j] * h
            H[i, j] = (f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)) / (4 * h * h)
    cov = np.linalg.inv(H)  # f is the negative log-likelihood
    return [float(np.exp(x[i]) * np.sqrt(cov[i, i])) for i in range(n)]


def sbg_loglik_fit(cohorts):
    return fit(cohorts, fixed_c=1.0)


def lifetime(a, b, c, d=0.0, n=None, terms=100_000):
    """sum_{t>=0} S(t)/(1+d)^t (or, after n renewals, sum_{t>n} S(t)/S(n)/(1+d)^(t-n-1)):
    `terms` terms summed directly, the rest by Euler-Maclaurin (integral - f(N)/2 - f'(N)/12)
    with the integral by scipy.integrate.quad in u = ln(t/N) (the integrand then decays
    exponentially). At c = 1 this reproduces (a+b-1)/(a-1) to about 1e-11."""
    q = np.log1p(d)
    start = 0 if n is None else n + 1
    shift = 0.0 if n is None else log_s(a, b, c, n)
    offset = 0 if n is None else n + 1
    f = lambda t: np.exp(log_s(a, b, c, t) - shift - (t - offset) * q)
    t = np.arange(start, start + terms, dtype=float)
    total = float(np.sum(f(t)[::-1]))
    N = start + terms - 1.0

    def g(u):
        x = N * np.exp(u)
        v = f(x) * x
        return v if np.isfinite(v) else 0.0

    integral, _ = integrate.quad(g, 0, 600 / max(c, 1), epsabs=0, epsrel=1e-13, limit=2000)
    h = 1e-2
    return total + integral - f(N) / 2 - (f(N + h) - f(N - h)) / (2 * h) / 12


warnings.simplefilter("ignore")  # quad notes roundoff at its 1e-13 target
out = {}
for name, series in (("regular", REGULAR), ("highEnd", HIGH_END)):
    (a, b, c), ll, x, f = fit([series[:8]])
    (sa, sb), sll, _, _ = sbg_loglik_fit([series[:8]])
    out[name] = {
        "alpha": a, "beta": b, "c": c, "logLikelihood": ll,
        "standardErrors": standard_errors(x, f),
        "survival0to12": [float(np.exp(log_s(a, b, c, t))) for t in range(13)],
        "sbgAlpha": sa, "sbgBeta": sb, "sbgLogLikelihood": sll,
        "lrStatistic": 2 * (ll - sll), "lrPValue": float(chi2.sf(2 * (ll - sll), 1)),
        "del10": lifetime(a, b, c, d=0.1),
        "derl10After7": lifetime(a, b, c, d=0.1, n=7),
    }
(a, b, c), ll, _, _ = fit([REGULAR[:8], HIGH_END[:8]])
out["pooled"] = {"alpha": a, "beta": b, "c": c, "logLikelihood": ll}

out["fixed"] = {
    "p_c08": [float(np.exp(log_s(0.7, 1.2, 0.8, t - 1)) - np.exp(log_s(0.7, 1.2, 0.8, t))) for t in range(1, 6)],
    "s_c08": [float(np.exp(log_s(0.7, 1.2, 0.8, t))) for t in range(1, 6)],
    "s_c15": [float(np.exp(log_s(0.7, 1.2, 1.5, t))) for t in range(1, 6)],
    "logLik_regular_at_1_1_13": loglik(1.0, 1.0, 1.3, [REGULAR[:8]]),
}
out["lifetimes"] = {
    "a3.5_b2_c0.8": lifetime(3.5, 2.0, 0.8),
    "a1.5_b2_c1.3": lifetime(1.5, 2.0, 1.3),
    "a5_b3_c0.3": lifetime(5.0, 3.0, 0.3),
    "a1.05_b2_c1": lifetime(1.05, 2.0, 1.0),
    "a0.7_b1.2_c0.8_del05": lifetime(0.7, 1.2, 0.8, d=0.05),
    "a0.7_b1.2_c0.8_derl05_after4": lifetime(0.7, 1.2, 0.8, d=0.05, n=4),
}
out["chi2sf"] = [
    [x, k, float(chi2.sf(x, k))]
    for x in (0.001, 0.5, 1.0, 3.841458820694124, 10.0, 40.0, 150.0)
    for k in (1, 2, 3, 5, 10, 30)
]
out["digamma"] = [[x, float(digamma(x))] for x in (0.001, 0.1, 0.5, 1.0, 2.5, 9.99, 10.0, 50.0, 1e4)]

# Category model: simulated counts and their MLE.
CATS = ["positive", "neutral", "negative", "ghost"]
TRUE = {"alpha": 0.9, "beta": 2.5, "shift": {"positive": -0.6, "neutral": 0.0, "negative": 0.8, "ghost": 1.4}}
start_mix = np.array([0.35, 0.40, 0.18, 0.07])
transition = np.array([  # row: category at the start of period t, column: at t + 1
    [0.75, 0.18, 0.05, 0.02],
    [0.15, 0.65, 0.15, 0.05],
    [0.05, 0.25, 0.60, 0.10],
    [0.05, 0.15, 0.20, 0.60],
])
rng = np.random.default_rng(20261125)
rows = []
periods = 8
for j, size in enumerate((800, 900, 1000, 1100, 1200)):
    at_risk = rng.multinomial(size, start_mix)
    for t in range(1, periods - j + 1):
        survivors = np.zeros(4, dtype=int)
        for k in range(4):
            h = expit(np.log(TRUE["alpha"]) - np.log(TRUE["beta"] + t - 1) + TRUE["shift"][CATS[k]])
            churned = rng.binomial(at_risk[k], h)
            rows.append([f"c{j}", t, CATS[k], int(at_risk[k]), int(churned)])
            survivors[k] = at_risk[k] - churned
        nxt = np.zeros(4, dtype=int)
        for k in range(4):
            nxt += rng.multinomial(survivors[k], transition[k])
        at_risk = nxt


def cat_negll(x):
    a, b = np.exp(x[0]), np.exp(x[1])
    shift = {"neutral": 0.0, "positive": x[2], "negative": x[3], "ghost": x[4]}
    ll = 0.0
    for _, t, k, n, y in rows:
        eta = np.log(a) - np.log(b + t - 1) + shift[k]
        ll += y * eta - n * np.logaddexp(0.0, eta)
    return -ll


best = None
for x0 in ([0, 0, 0, 0, 0], [1, 1, -1, 1, 1]):
    r = minimize(cat_negll, x0, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-13, "maxiter": 80000, "maxfev": 80000})
    r = minimize(cat_negll, r.x, method="BFGS", options={"gtol": 1e-10})
    if best is None or r.fun < best.fun:
        best = r
x = best.x
h = 1e-4
H = np.zeros((5, 5))
for i in range(5):
    for j in range(5):
        e_i, e_j = np.eye(5)[i] * h, np.eye(5)[j] * h
        H[i, j] = (cat_negll(x + e_i + e_j) - cat_negll(x + e_i - e_j) - cat_negll(x - e_i + e_j) + cat_negll(x - e_i - e_j)) / (4 * h * h)
cov = np.linalg.inv(H)
out["category"] = {
    "truth": TRUE,
    "rows": rows,
    "alpha": float(np.exp(x[0])), "beta": float(np.exp(x[1])),
    "shift": {"positive": float(x[2]), "negative": float(x[3]), "ghost": float(x[4])},
    "logLikelihood": float(-best.fun),
    "standardErrors": {
        "alpha": float(np.exp(x[0]) * np.sqrt(cov[0, 0])), "beta": float(np.exp(x[1]) * np.sqrt(cov[1, 1])),
        "positive": float(np.sqrt(cov[2, 2])), "negative": float(np.sqrt(cov[3, 3])), "ghost": float(np.sqrt(cov[4, 4])),
    },
}
print(json.dumps(out, indent=1))
