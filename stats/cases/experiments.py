# Reference results for stats/cases/experiments.json, computed independently of the TypeScript code: scipy for
# the normal and chi-square distributions and adaptive quadrature (QUADPACK) for the Beta probabilities.
# Run: python3 stats/cases/experiments.py > stats/cases/experiments.json
import json
import math

from scipy.integrate import quad
from scipy.special import betainc
from scipy.stats import beta as beta_dist
from scipy.stats import chisquare, norm



def wilson(y, n, z):
    p = y / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0, centre - half), min(1, centre + half)


def prob_greater(t, c, lo, hi):
    # P(X_t > X_c) for Beta posteriors restricted to [lo, hi], by adaptive quadrature around the treatment's mode.
    def cdf(d, x):
        base = betainc(d[0], d[1], lo)
        return (betainc(d[0], d[1], x) - base) / (betainc(d[0], d[1], hi) - base)

    mass = betainc(t[0], t[1], hi) - betainc(t[0], t[1], lo)
    m = t[0] / (t[0] + t[1])
    s = math.sqrt(t[0] * t[1] / ((t[0] + t[1]) ** 2 * (t[0] + t[1] + 1)))
    points = sorted({min(hi, max(lo, m + k * s)) for k in range(-15, 16)})
    total = 0.0
    for a, b in zip(points, points[1:]):
        total += quad(lambda x: math.exp(beta_dist.logpdf(x, t[0], t[1])) * cdf(c, x), a, b, epsabs=1e-14, epsrel=1e-12, limit=200)[0]
    return total / mass


def analyse(case):
    alpha = case.get("alpha", 0.05)
    z = norm.ppf(1 - alpha / 2)
    eps = case.get("epsilon")
    q = 1.0 if eps is None else math.exp(eps) / (1 + math.exp(eps))
    d = 2 * q - 1
    arms = case["arms"]
    out = {}
    stats = []
    revenue_stats = []
    for arm in arms:
        n, y = arm.get("conversionReports", arm["exposures"]), arm["conversions"]
        lam = y / n
        p = (lam - (1 - q)) / d
        var = lam * (1 - lam) / (n * d * d)
        wl, wh = wilson(y, n, z)
        ci = [min(1, max(0, (wl - (1 - q)) / d)), min(1, max(0, (wh - (1 - q)) / d))]
        stats.append((n, y, p, var))
        entry = {"rate": min(1, max(0, p)), "rateUnbiased": p, "rateCi": ci}
        if "revenue" in arm:
            # Level indices through k-ary randomised response: E[c_j/n] = qk + (pk - qk) f_j.
            levels = case["revenueLevels"]
            k = len(levels)
            reps = case.get("revenueEpsilon")
            pk = 1.0 if reps is None else math.exp(reps) / (math.exp(reps) + k - 1)
            qk = 0.0 if reps is None else (1 - pk) / (k - 1)
            ne = sum(arm["revenue"])
            s1 = sum(c * v for c, v in zip(arm["revenue"], levels)) / ne
            s2 = sum(c * v * v for c, v in zip(arm["revenue"], levels))
            mean = (s1 - qk * sum(levels)) / (pk - qk)
            v = (s2 - ne * s1 * s1) / (ne - 1) / ne / (pk - qk) ** 2
            entry["revenuePerExposure"] = mean
            if k == 2:
                # Two levels: the Wilson interval of the upper level's share, mapped linearly.
                wl, wh = wilson(arm["revenue"][1], ne, z)
                to_mean = lambda share: levels[0] + (levels[1] - levels[0]) * (share - qk) / (pk - qk)
                entry["revenuePerExposureCi"] = [to_mean(wl), to_mean(wh)]
            else:
                entry["revenuePerExposureCi"] = [mean - z * math.sqrt(v), mean + z * math.sqrt(v)]
            revenue_stats.append((mean, v))
        out[arm["id"]] = entry
    nc, yc, pc, vc = stats[0]
    for arm, (n, y, p, var) in list(zip(arms, stats))[1:]:
        e = out[arm["id"]]
        e["absoluteLift"] = p - pc
        se = math.sqrt(var + vc)
        e["ci"] = [p - pc - z * se, p - pc + z * se]
        r = p / pc - 1
        e["relativeLift"] = r
        # Fieller: (p - t pc)^2 <= z^2 (var + t^2 vc), solved for t = p_t / p_c.
        qa = pc * pc - z * z * vc
        if qa > 0:
            disc = (p * pc) ** 2 - qa * (p * p - z * z * var)
            half = math.sqrt(max(0.0, disc))
            e["relativeLiftCi"] = [(p * pc - half) / qa - 1, (p * pc + half) / qa - 1]
        pooled = (yc + y) / (nc + n)
        zs = (y / n - yc / nc) / math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / n))
        e["zScore"] = zs
        e["pValue"] = float(2 * norm.sf(abs(zs)))
        lo, hi = (0.0, 1.0) if eps is None else (1 - q, q)
        e["probBeatsControl"] = prob_greater((1 + y, 1 + n - y), (1 + yc, 1 + nc - yc), lo, hi)
        tau2 = case.get("tau", 0.01) ** 2
        V = var + vc
        lam_ratio = math.sqrt(V / (V + tau2)) * math.exp((p - pc) ** 2 * tau2 / (2 * V * (V + tau2)))
        e["sequentialPValue"] = min(1.0, 1 / lam_ratio)
    if revenue_stats:
        mc, vc_r = revenue_stats[0]
        for arm, (m, v) in list(zip(arms, revenue_stats))[1:]:
            out[arm["id"]]["revenueLift"] = m - mc
            out[arm["id"]]["revenueLiftCi"] = [m - mc - z * math.sqrt(v + vc_r), m - mc + z * math.sqrt(v + vc_r)]
    result = {"arms": out}
    if "expectedShares" in case:
        obs = [a["exposures"] for a in arms]
        w = [case["expectedShares"][a["id"]] for a in arms]
        exp = [sum(obs) * x / sum(w) for x in w]
        chi2, pv = chisquare(obs, exp)
        result["srm"] = {"chi2": float(chi2), "df": len(arms) - 1, "pValue": float(pv)}
    return result


CASES = [
    {"name": "Physicians' Health Study, myocardial infarction: placebo 189/11034 vs aspirin 104/11037 (Agresti, CDA 2.2)",
     "arms": [{"id": "placebo", "exposures": 11034, "conversions": 189}, {"id": "aspirin", "exposures": 11037, "conversions": 104}],
     "expectedShares": {"placebo": 1, "aspirin": 1}},
    {"name": "equal split, 20% vs 24%",
     "arms": [{"id": "control", "exposures": 1000, "conversions": 200}, {"id": "offer", "exposures": 1000, "conversions": 240}],
     "expectedShares": {"control": 1, "offer": 1}},
    {"name": "three arms, 90/5/5 weights with a sample-ratio mismatch and exact revenue levels",
     "revenueLevels": [0, 50, 200],
     "arms": [{"id": "personalised", "exposures": 9100, "conversions": 410, "revenue": [8690, 300, 110]},
              {"id": "holdout", "exposures": 430, "conversions": 15, "revenue": [415, 11, 4]},
              {"id": "offer-10", "exposures": 470, "conversions": 29, "revenue": [441, 20, 9]}],
     "expectedShares": {"personalised": 90, "holdout": 5, "offer-10": 5}},
    {"name": "randomised response at epsilon ln 3: noisy ones and noisy revenue levels per arm, debiased",
     "epsilon": math.log(3), "revenueEpsilon": math.log(3), "revenueLevels": [0, 200],
     "arms": [{"id": "control", "exposures": 5000, "conversions": 1390, "revenue": [3700, 1300]},
              {"id": "offer", "exposures": 5000, "conversions": 1475, "revenue": [3610, 1390]}],
     "expectedShares": {"control": 1, "offer": 1}},
    {"name": "randomised response at epsilon 1 with fewer conversion reports than exposures, alpha 0.1",
     "epsilon": 1.0, "alpha": 0.1,
     "arms": [{"id": "control", "exposures": 3000, "conversionReports": 2900, "conversions": 850},
              {"id": "offer", "exposures": 3100, "conversionReports": 3050, "conversions": 980}]},
]

print(json.dumps({
    "version": 1,
    "source": "stats/cases/experiments.py (scipy, independent of the TypeScript code)",
    "cases": [{**case, "expected": analyse(case)} for case in CASES],
}, indent=2))
