#!/usr/bin/env python3
"""Independent reference values for the metric tests (docs/metrics.md).

Run from this folder:  python3 reference_metrics.py  (writes reference_values.json)
Needs numpy, scipy, statsmodels, scikit-learn.

Everything here is computed from the definitions in docs/metrics.md with numpy / scipy / statsmodels /
scikit-learn, not from the Swift code:
- Wilson: statsmodels proportion_confint(method="wilson"); z checked against scipy's norm.ppf(0.975).
- One-sided Clopper-Pearson upper bound: scipy.stats.beta.ppf(0.95, x+1, n-x) (1 when x = n),
  cross-checked against statsmodels proportion_confint(method="beta", alpha=0.10) upper bound.
- Brier: scikit-learn brier_score_loss over all (vignette, code) pairs of returned codes ∪ G_i,
  times pairs per vignette (docs/metrics.md sums over codes and averages over vignettes), and by hand.
- ECE/MCE: numpy, bins by searchsorted on the edges m/15.0.
- Calibration intercept: the root of the offset model's score by scipy's brentq, checked against
  statsmodels GLM(Binomial, offset) where IRLS converges. Slope: statsmodels GLM(Binomial) to a
  deviance tolerance of 1e-15, or scipy's trust-region Newton where IRLS does not converge (IRLS
  has no step control and diverges on a few small bootstrap replicates). Non-existence from the
  one-dimensional overlap criterion (Albert and Anderson 1984).
- McNemar exact: scipy.stats.binomtest(b, b+c, 0.5) two-sided.
- Newcombe (1998, Stat Med 17:2635-2650) method 10 written out from the paper: Wilson limits of
  the two marginal proportions (the paper's eq. for method 10 builds on the score limits of
  method 9 with phi replaced by its continuity-corrected form):
      L = theta - sqrt((p1-l1)^2 - 2 phi (p1-l1)(u2-p2) + (u2-p2)^2)
      U = theta + sqrt((u1-p1)^2 - 2 phi (u1-p1)(p2-l2) + (p2-l2)^2)
      phi = (A - n/2)/sqrt(efgh) if A > n/2; 0 if 0 <= A <= n/2; A/sqrt(efgh) if A < 0;
      A = ad - bc; e, f, g, h the margins; phi = 0 if a margin is 0.
  Cross-checked against two independent public implementations of the same published method
  (biostatUZH confIntPairedProportion and contingencytables Newcombe_square_and_add_CI_paired_2x2,
  whose formulas agree with the above).
- Bootstrap, two ways: (a) "reproduction": the documented resampling procedure of the Swift code
  (xoshiro256** seeded by SplitMix64, Lemire bounded integers, stream/replicate keys), with each
  statistic computed directly on the resampled data (statsmodels GLM for the fits), numpy's
  linear percentile; (b) "independent": numpy's default_rng with 20,000 resamples (5,000 for the
  fits), for a tolerance check, for the scopes all and casebank:general.
"""
import json
import math
import os
import warnings

import numpy as np
import scipy.optimize as so
import scipy.stats as st
import statsmodels.api as sm
from sklearn.metrics import brier_score_loss
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
Z = 1.959963984540054
assert abs(st.norm.ppf(0.975) - Z) < 1e-15, st.norm.ppf(0.975)
LEVELS = ["self_care", "routine", "urgent", "emergency"]
RANK = {l: i for i, l in enumerate(LEVELS)}
RESAMPLES = 1000
SEED = 20261129
MASK = (1 << 64) - 1
INDEPENDENT = 20000
INDEPENDENT_FITS = 5000
# The independent bootstrap is run for these scopes only (it is slow in Python).
INDEPENDENT_SCOPES = {"all", "casebank:general"}

# ---------------------------------------------------------------- intervals


def wilson(x, n):
    if n == 0:
        return None
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    return [max(0.0, float(lo)), min(1.0, float(hi))]


def cp_upper(x, n):
    if n == 0:
        return None
    if x == n:
        return 1.0
    u = float(st.beta.ppf(0.95, x + 1, n - x))
    u2 = float(proportion_confint(x, n, alpha=0.10, method="beta")[1])
    assert abs(u - u2) < 1e-12, (x, n, u, u2)
    return u


def newcombe10(a, b, c, d):
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson(a + b, n)
    l2, u2 = wilson(a + c, n)
    e, f, g, h = a + b, c + d, a + c, b + d
    A = a * d - b * c
    if min(e, f, g, h) == 0:
        phi = 0.0
    elif A > n / 2:
        phi = (A - n / 2) / math.sqrt(e * f * g * h)
    elif A < 0:
        phi = A / math.sqrt(e * f * g * h)
    else:
        phi = 0.0
    theta = p1 - p2
    lower = theta - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    upper = theta + math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return [max(-1.0, lower), min(1.0, upper)]


def mcnemar(b, c):
    if b + c == 0:
        return 1.0
    return float(st.binomtest(b, b + c, 0.5, alternative="two-sided").pvalue)


# ---------------------------------------------------------------- the documented PRNG


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def mix(v):
    return splitmix(v)[1]


class Xoshiro:
    def __init__(self, seed, stream, replicate):
        state = mix(seed) ^ mix(((stream << 40) + replicate) & MASK)
        self.s = []
        for _ in range(4):
            state, out = splitmix(state)
            self.s.append(out)

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def bounded(self, bound):
        m = self.next() * bound
        low = m & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                m = self.next() * bound
                low = m & MASK
        return m >> 64


def reproduction_indices(m, stream, resamples=RESAMPLES, seed=SEED):
    for r in range(resamples):
        g = Xoshiro(seed, stream, r)
        yield np.array([g.bounded(m) for _ in range(m)], dtype=np.int64)


def percentile_interval(values):
    values = [v for v in values if v is not None and np.isfinite(v)]
    if not values:
        return None
    return [float(np.quantile(values, 0.025)), float(np.quantile(values, 0.975))]


# ---------------------------------------------------------------- per-vignette quantities


def derive(o):
    ok = o["status"] == "ok"
    diff = o["differential"] if ok else []
    gold = list(dict.fromkeys([o["gold"]["diagnosis"]] + o["gold"]["also_correct"]))
    r = next((i + 1 for i, d in enumerate(diff) if d["condition"] in gold), None)
    lo, hi = (RANK[x] for x in o["gold"]["triage"])
    t = RANK[o["triage"]] if ok and o["triage"] is not None else None
    v = {
        "r": r, "error": not ok, "covered": ok and len(diff) > 0,
        "within": t is not None and lo <= t <= hi,
        "under": t is None or t < lo,
        "over": t is not None and t > hi,
        "safe": t is not None and t >= lo - 1,
        "emergency_gold": lo == 3,
        "below_emergency": t is None or t < 3,
        "must_pass": o["must_pass"],
        "latency": o["latency_ms"] if ok else None,
    }
    v["must_fail"] = (r is None or r > 3) or v["under"] or v["error"]
    if "differential" in o["gold"]:
        D = set([o["gold"]["diagnosis"]] + o["gold"]["differential"])
        P = set(d["condition"] for d in diff if d["probability"] > 0.01)
        hits = len(D & P)
        rec = hits / len(D)
        prec = hits / len(P) if P else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
        v["dd"] = (rec, prec, f1)
    else:
        v["dd"] = None
    if diff:
        returned = [d["condition"] for d in diff]
        ys = [1.0 if c in gold else 0.0 for c in returned] + [1.0 for c in gold if c not in returned]
        ps = [d["probability"] for d in diff] + [0.0 for c in gold if c not in returned]
        v["cal"] = {
            "conf": diff[0]["probability"], "correct": 1.0 if diff[0]["condition"] in gold else 0.0,
            "brier": sum((p - y) ** 2 for p, y in zip(ps, ys)), "brier_pairs": (ys, ps),
            "x": [math.log(min(max(d["probability"], 1e-6), 1 - 1e-6) / (1 - min(max(d["probability"], 1e-6), 1 - 1e-6))) for d in diff],
            "y": [1.0 if d["condition"] in gold else 0.0 for d in diff],
        }
    else:
        v["cal"] = None
    return v


def in_scope(scope, o):
    if scope == "all":
        return True
    kind, value = scope.split(":", 1)
    if kind == "casebank":
        return o["casebank"] == value
    if kind == "tag":
        return value in o["tags"]
    if kind == "sex":
        return o["sex"] == value
    if kind == "age":
        lo, hi = map(int, value.split("-"))
        return lo <= o["age"] <= hi
    if kind == "triage":
        return o["gold"]["triage"][0] == value
    if kind == "condition":
        return o["gold"]["diagnosis"] == value
    raise ValueError(scope)


def breakdowns(outcomes):
    banks = list(dict.fromkeys(o["casebank"] for o in outcomes))
    tags = list(dict.fromkeys(t for o in outcomes for t in o["tags"]))
    return (["all"] + [f"casebank:{b}" for b in banks] + [f"tag:{t}" for t in tags]
            + ["sex:female", "sex:male", "age:0-17", "age:18-39", "age:40-64", "age:65-120"]
            + [f"triage:{l}" for l in ["emergency", "urgent", "routine", "self_care"]])


# ---------------------------------------------------------------- statistics on a list of vignettes

EDGES = np.array([m / 15.0 for m in range(1, 16)])


def ece_mce(cals):
    conf = np.array([c["conf"] for c in cals])
    corr = np.array([c["correct"] for c in cals])
    bins = np.minimum(np.searchsorted(EDGES, conf, side="left"), 14)
    n = len(cals)
    ece, mce = 0.0, 0.0
    for m in range(15):
        sel = bins == m
        k = int(sel.sum())
        if k == 0:
            continue
        gap = abs(corr[sel].mean() - conf[sel].mean())
        ece += k / n * gap
        mce = max(mce, gap)
    return ece, mce


def brier(cals):
    ys = [y for c in cals for y in c["brier_pairs"][0]]
    ps = [p for c in cals for p in c["brier_pairs"][1]]
    by_sklearn = brier_score_loss(ys, ps, pos_label=1.0) * len(ys) / len(cals)
    by_hand = sum(c["brier"] for c in cals) / len(cals)
    assert abs(by_sklearn - by_hand) < 1e-12
    return by_hand


def fit_exists(cals, slope):
    x1 = [x for c in cals for x, y in zip(c["x"], c["y"]) if y == 1]
    x0 = [x for c in cals for x, y in zip(c["x"], c["y"]) if y == 0]
    if not x1 or not x0:
        return False
    if not slope:
        return True
    return max(x0) > min(x1) and max(x1) > min(x0)


def fit_offset_intercept(x, y):
    """a of logit P(y) = a + x: the root of the score sum(y - sigmoid(a + x)), which decreases
    monotonically in a, found by Brent's method (scipy.optimize.brentq) to full precision, then
    checked against statsmodels GLM(Binomial, offset=x) where that converges."""
    score = lambda a: float(np.sum(y - 1 / (1 + np.exp(-(a + x)))))
    lo, hi = -1.0, 1.0
    while score(lo) < 0:
        lo *= 2
    while score(hi) > 0:
        hi *= 2
    a = so.brentq(score, lo, hi, xtol=1e-15, rtol=8.9e-16, maxiter=500)
    res = sm.GLM(y, np.ones((len(x), 1)), family=sm.families.Binomial(), offset=x).fit(tol=1e-15, maxiter=200)
    if res.converged and abs(res.params[0]) < 50:
        assert abs(res.params[0] - a) < 1e-8 * max(1, abs(a)), (res.params[0], a)
    return a


def fit_slope(x, y):
    """b of logit P(y) = a + b x: statsmodels GLM(Binomial) IRLS; when IRLS does not converge
    (it has no step control), scipy's trust-region Newton (trust-exact) on the log-likelihood."""
    X = sm.add_constant(x, has_constant="add")
    res = sm.GLM(y, X, family=sm.families.Binomial()).fit(tol=1e-15, maxiter=200)
    params = np.asarray(res.params)
    grad = lambda t: X.T @ (1 / (1 + np.exp(-(X @ t))) - y)
    if res.converged and np.all(np.isfinite(params)) and np.max(np.abs(grad(params))) < 1e-9 * len(y):
        return float(params[1])
    nll = lambda t: float(np.sum(np.logaddexp(0, X @ t) - y * (X @ t)))

    def hess(t):
        mu = 1 / (1 + np.exp(-(X @ t)))
        return (X * (mu * (1 - mu))[:, None]).T @ X

    out = so.minimize(nll, np.array([0.0, 1.0]), jac=grad, hess=hess, method="trust-exact",
                      options={"gtol": 1e-13, "maxiter": 1000})
    t = out.x
    for _ in range(3):  # polish with plain Newton steps
        t = t - np.linalg.solve(hess(t), grad(t))
    return float(t[1])


def fits(cals):
    x = np.array([v for c in cals for v in c["x"]])
    y = np.array([v for c in cals for v in c["y"]])
    intercept = slope = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if fit_exists(cals, False):
            intercept = fit_offset_intercept(x, y)
        if fit_exists(cals, True):
            slope = fit_slope(x, y)
    return intercept, slope


def calibration_stats(cals, with_fits=True):
    if not cals:
        return [None] * 5
    e, m = ece_mce(cals)
    b = brier(cals)
    i, s = fits(cals) if with_fits else (None, None)
    return [e, m, b, i, s]


def dd_stats(dds):
    if not dds:
        return [None] * 3
    a = np.array(dds)
    return [float(a[:, 0].mean()), float(a[:, 1].mean()), float(a[:, 2].mean())]


def nearest_rank(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[max(1, math.ceil(p * len(s) / 100)) - 1]


PROPORTIONS = {
    "coverage": (lambda v: True, lambda v: v["covered"]),
    "top1_accuracy": (lambda v: True, lambda v: v["r"] is not None and v["r"] <= 1),
    "top3_accuracy": (lambda v: True, lambda v: v["r"] is not None and v["r"] <= 3),
    "top5_accuracy": (lambda v: True, lambda v: v["r"] is not None and v["r"] <= 5),
    "top10_accuracy": (lambda v: True, lambda v: v["r"] is not None and v["r"] <= 10),
    "triage_accuracy": (lambda v: True, lambda v: v["within"]),
    "undertriage_rate": (lambda v: True, lambda v: v["under"]),
    "overtriage_rate": (lambda v: True, lambda v: v["over"]),
    "safe_triage_rate": (lambda v: True, lambda v: v["safe"]),
    "error_rate": (lambda v: True, lambda v: v["error"]),
    "emergency_undertriage_rate": (lambda v: v["emergency_gold"], lambda v: v["below_emergency"]),
}
DD = ["differential_recall", "differential_precision", "differential_f1"]
CAL = ["ece", "mce", "brier", "calibration_intercept", "calibration_slope"]


def row(scope, metric, value, interval=None, exact=None, n=0):
    return {"scope": scope, "metric": metric, "value": value,
            "ci_lower": None if value is None or interval is None else interval[0],
            "ci_upper": None if value is None or interval is None else interval[1],
            "ci_upper_exact": None if value is None else exact, "n": n}


def scope_metrics(scope, vs):
    rows = [row(scope, "n", float(len(vs)), n=len(vs))]
    for metric, (pop, event) in PROPORTIONS.items():
        p = [v for v in vs if pop(v)]
        x = sum(1 for v in p if event(v))
        value = x / len(p) if p else None
        exact = cp_upper(x, len(p)) if metric == "emergency_undertriage_rate" else None
        rows.append(row(scope, metric, value, wilson(x, len(p)), exact, len(p)))
    mp = [v for v in vs if v["must_pass"]]
    rows.append(row(scope, "must_pass_failures", float(sum(v["must_fail"] for v in mp)) if mp else None, n=len(mp)))
    lat = [v["latency"] for v in vs if v["latency"] is not None]
    rows.append(row(scope, "latency_p50_ms", nearest_rank(lat, 50), n=len(lat)))
    rows.append(row(scope, "latency_p99_ms", nearest_rank(lat, 99), n=len(lat)))

    dds = [v["dd"] for v in vs if v["dd"] is not None]
    point = dd_stats(dds)
    repro = [[] for _ in DD]
    indep = [[] for _ in DD]
    independent = scope in INDEPENDENT_SCOPES
    if dds:
        for idx in reproduction_indices(len(dds), 1):
            for k, s in enumerate(dd_stats([dds[i] for i in idx])):
                repro[k].append(s)
        rng = np.random.default_rng(1)
        a = np.array(dds)
        for _ in range(INDEPENDENT if independent else 0):
            b = a[rng.integers(0, len(dds), len(dds))].mean(axis=0)
            for k in range(3):
                indep[k].append(b[k])
    for k, metric in enumerate(DD):
        r = row(scope, metric, point[k], percentile_interval(repro[k]), n=len(dds))
        r["independent"] = None if point[k] is None or not independent else percentile_interval(indep[k])
        rows.append(r)

    cals = [v["cal"] for v in vs if v["cal"] is not None]
    point = calibration_stats(cals)
    repro = [[] for _ in CAL]
    indep = [[] for _ in CAL]
    if cals:
        for idx in reproduction_indices(len(cals), 2):
            stats = calibration_stats([cals[i] for i in idx], with_fits=point[3] is not None or point[4] is not None)
            for k in range(5):
                repro[k].append(stats[k])
        rng = np.random.default_rng(2)
        for rep in range(INDEPENDENT if independent else 0):
            idx = rng.integers(0, len(cals), len(cals))
            with_fits = rep < INDEPENDENT_FITS and (point[3] is not None or point[4] is not None)
            stats = calibration_stats([cals[i] for i in idx], with_fits=with_fits)
            for k in range(5):
                indep[k].append(stats[k])
    for k, metric in enumerate(CAL):
        r = row(scope, metric, point[k], percentile_interval(repro[k]), n=len(cals))
        r["independent"] = None if point[k] is None or not independent else percentile_interval(indep[k])
        rows.append(r)
    return rows


# ---------------------------------------------------------------- baseline comparison


def comparison(metric, scope, cand, base):
    key = lambda o: (o["casebank"], o["version"], o["id"])
    bmap = {}
    for o in base:
        bmap.setdefault(key(o), o)
    ckeys = set()
    pairs = []
    unpaired_c = 0
    for o in cand:
        if key(o) in ckeys:
            continue
        ckeys.add(key(o))
        if not in_scope(scope, o):
            continue
        if key(o) in bmap:
            pairs.append((derive(o), derive(bmap[key(o)])))
        else:
            unpaired_c += 1
    unpaired_b = sum(1 for k, o in bmap.items() if k not in ckeys and in_scope(scope, o))
    out = {"metric": metric, "scope": scope, "unpaired_candidate": unpaired_c, "unpaired_baseline": unpaired_b}
    if metric in PROPORTIONS:
        pop, event = PROPORTIONS[metric]
        sel = [(c, b) for c, b in pairs if pop(c) and pop(b)]
        a = sum(1 for c, b in sel if event(c) and event(b))
        bb = sum(1 for c, b in sel if event(c) and not event(b))
        cc = sum(1 for c, b in sel if not event(c) and event(b))
        d = len(sel) - a - bb - cc
        n = len(sel)
        out.update(paired_n=n, table=[a, bb, cc, d])
        if n:
            cv, bv = (a + bb) / n, (a + cc) / n
            out.update(candidate_value=cv, baseline_value=bv, difference=cv - bv,
                       ci=newcombe10(a, bb, cc, d), p_value=mcnemar(bb, cc))
        return out
    if metric in DD:
        k = DD.index(metric)
        inpop = lambda v: v["dd"] is not None
        stat = lambda vs: dd_stats([v["dd"] for v in vs if v["dd"] is not None])[k]
    elif metric in ("ece", "mce", "brier"):
        k = CAL.index(metric)
        inpop = lambda v: v["cal"] is not None
        stat = lambda vs: calibration_stats([v["cal"] for v in vs if v["cal"] is not None], with_fits=False)[k]
    elif metric == "must_pass_failures":
        inpop = lambda v: v["must_pass"]
        stat = lambda vs: (float(sum(v["must_fail"] for v in vs if v["must_pass"])) if any(v["must_pass"] for v in vs) else None)
    else:
        p = 99 if metric == "latency_p99_ms" else 50
        inpop = lambda v: v["latency"] is not None
        stat = lambda vs: nearest_rank([v["latency"] for v in vs if v["latency"] is not None], p)
    sel = [(c, b) for c, b in pairs if inpop(c) or inpop(b)]
    out["paired_n"] = len(sel)
    if not sel:
        return out
    cv, bv = stat([c for c, _ in sel]), stat([b for _, b in sel])
    out.update(candidate_value=cv, baseline_value=bv)
    if cv is None or bv is None:
        return out
    out["difference"] = cv - bv

    def diff(idx):
            c = stat([sel[i][0] for i in idx])
            b = stat([sel[i][1] for i in idx])
            return None if c is None or b is None else c - b

    out["ci"] = percentile_interval([diff(idx) for idx in reproduction_indices(len(sel), 3)])
    rng = np.random.default_rng(3)
    out["independent"] = percentile_interval([diff(rng.integers(0, len(sel), len(sel))) for _ in range(INDEPENDENT // 4)])
    return out


# ---------------------------------------------------------------- main


def load(name):
    with open(os.path.join(HERE, name + ".json")) as f:
        return json.load(f)["outcomes"]


def main():
    reference = {
        "settings": {"resamples": RESAMPLES, "seed": SEED, "independent_resamples": INDEPENDENT,
                     "independent_fit_resamples": INDEPENDENT_FITS},
        "sets": {}, "comparisons": [],
    }
    extra = ["condition:c01", "condition:no-such-code", "casebank:nowhere", "age:121-121"]
    for name in ["mixed", "single", "all-errors", "separated", "no-gold-returned"]:
        outcomes = load(name)
        scopes = breakdowns(outcomes) + [s for s in extra if s != "age:121-121"]
        rows = []
        for scope in scopes:
            rows += scope_metrics(scope, [derive(o) for o in outcomes if in_scope(scope, o)])
        reference["sets"][name] = {"scopes": scopes, "metrics": rows}
        print(name, len(rows), "rows")

    cand, base = load("mixed"), load("mixed-baseline")
    comparable = ["coverage", "top1_accuracy", "top3_accuracy", "top5_accuracy", "top10_accuracy",
                  "differential_recall", "differential_precision", "differential_f1", "triage_accuracy",
                  "undertriage_rate", "overtriage_rate", "safe_triage_rate", "emergency_undertriage_rate",
                  "must_pass_failures", "error_rate", "ece", "mce", "brier", "latency_p50_ms", "latency_p99_ms"]
    for scope in ["all", "casebank:red-flags", "tag:nowhere"]:
        for metric in comparable:
            reference["comparisons"].append(comparison(metric, scope, cand, base))

    reference["wilson"] = [{"x": x, "n": n, "ci": wilson(x, n)} for x, n in
                           [(0, 1), (1, 1), (0, 10), (10, 10), (3, 10), (1, 3), (17, 40), (999, 1000), (123456, 1000000)]]
    reference["clopper_pearson_upper"] = [{"x": x, "n": n, "upper": cp_upper(x, n)} for x, n in
                                          [(0, 1), (1, 1), (0, 10), (1, 10), (5, 10), (9, 10), (2, 37), (0, 1000),
                                           (20, 1000), (250, 5000), (3, 100000)]]
    reference["incomplete_beta"] = [{"x": x, "a": a, "b": b, "value": float(st.beta.cdf(x, a, b))} for x, a, b in
                                    [(0.3, 2.0, 5.0), (0.9, 1.0, 1.0), (0.05, 3.0, 98.0), (0.5, 40.0, 60.0), (0.999, 0.5, 0.5)]]
    tables = [(36, 12, 2, 0), (5, 5, 0, 0), (1, 1, 7, 12), (59, 6, 16, 80), (0, 0, 0, 10), (10, 0, 0, 0),
              (3, 4, 5, 6), (20, 1, 1, 20), (0, 5, 0, 0), (2, 0, 9, 1)]
    reference["newcombe"] = [{"table": list(t), "ci": newcombe10(*t)} for t in tables]
    reference["mcnemar"] = [{"b": b, "c": c, "p": mcnemar(b, c)} for b, c in
                            [(0, 0), (1, 0), (5, 5), (12, 2), (2, 12), (0, 10), (30, 45), (400, 470)]]
    gen = Xoshiro(SEED, 1, 0)
    first = [gen.next() for _ in range(4)]
    gen = Xoshiro(SEED, 2, 7)
    reference["random"] = {"seed": SEED, "stream1_replicate0_next": [str(v) for v in first],
                           "stream2_replicate7_bounded_10": [gen.bounded(10) for _ in range(20)]}
    with open(os.path.join(HERE, "reference_values.json"), "w") as f:
        json.dump(reference, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
