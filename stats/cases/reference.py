# Reference values for stats/cases/special.json, computed with mpmath at 40 significant digits (an independent
# implementation, so the TypeScript special functions are checked against it, not against themselves).
# Run: python3 stats/cases/reference.py > stats/cases/special.json
import json
import mpmath as mp

mp.mp.dps = 40
f = lambda v: float(v)



def betainc(x, a, b):
    try:
        return mp.betainc(a, b, 0, x, regularized=True)
    except (ValueError, mp.libmp.libhyper.NoConvergence):
        # Large integer parameters: I_x(a, b) = P(Binomial(a + b - 1, x) >= a), summed exactly in mpmath.
        assert a == int(a) and b == int(b)
        n, x = int(a + b - 1), mp.mpf(x)
        term = mp.binomial(n, int(a)) * x ** int(a) * (1 - x) ** (n - int(a))
        total = term
        for j in range(int(a), n):
            term = term * (n - j) / (j + 1) * x / (1 - x)
            total += term
        return total


def quantile(p):
    # erfinv(2p - 1) loses p below 1e-40; solve Φ(z) = p instead, starting from a double-precision guess.
    from scipy.special import ndtri
    return mp.findroot(lambda z: mp.ncdf(z) - p, mp.mpf(float(ndtri(p))))


cases = {"source": "mpmath %s, 40 digits (stats/cases/reference.py)" % mp.__version__, "logGamma": [], "regularizedBeta": [],
         "regularizedGammaP": [], "normalCdf": [], "normalQuantile": [], "chiSquareSf": []}
for x in [0.001, 0.1, 0.5, 1, 1.5, 2, 3.7, 10, 33.3, 171.5, 1000, 12345.6, 1e6]:
    cases["logGamma"].append({"x": x, "expected": f(mp.loggamma(x))})
for x, a, b in [(0.3, 1, 1), (0.2, 2, 3), (0.5, 0.5, 0.5), (0.01, 0.5, 7), (0.9, 10, 2), (0.1, 20.5, 300),
                (0.05, 51, 1001), (0.0495, 500, 9500), (0.0501, 5000, 95000), (0.5, 1e5, 1e5 + 300),
                (0.999, 3, 0.7), (0.12, 1201, 8801)]:
    cases["regularizedBeta"].append({"x": x, "a": a, "b": b, "expected": f(betainc(x, a, b))})
for a, x in [(0.5, 0.01), (0.5, 2), (1, 3), (2.5, 1), (3, 10), (10, 3), (50, 60), (0.5, 40), (100, 80), (1000, 1100)]:
    cases["regularizedGammaP"].append({"a": a, "x": x, "expected": f(mp.gammainc(a, 0, x, regularized=True))})
for z in [-37, -8.5, -5, -3, -1.959963984540054, -1, -0.1, 0, 0.3, 1, 2.5, 6]:
    cases["normalCdf"].append({"z": z, "expected": f(mp.ncdf(z))})
for p in [1e-300, 1e-12, 1e-5, 0.001, 0.02425, 0.025, 0.1, 0.5, 0.8, 0.975, 0.99, 0.999999]:
    cases["normalQuantile"].append({"p": p, "expected": f(quantile(p))})
for x, df in [(0.001, 1), (3.841458820694124, 1), (2, 2), (5.991464547107979, 2), (7.815, 3), (1, 5), (30, 10),
              (120, 100), (250, 99), (0.5, 7)]:
    cases["chiSquareSf"].append({"x": x, "df": df, "expected": f(mp.gammainc(mp.mpf(df) / 2, mp.mpf(x) / 2, mp.inf, regularized=True))})
print(json.dumps(cases, indent=2))
