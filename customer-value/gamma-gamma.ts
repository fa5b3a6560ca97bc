// The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"; Colombo and Jiang 1999): each purchase's
// value is Gamma(p, ν) around the shopper's own mean, and ν ~ Gamma(q, γ) across shoppers. It reads the number
// of repeat purchases x and their mean value m_x; the first purchase is left out, as in the paper.
import type { GammaGammaParams } from '../protocol/customer-value.ts';
import { logGamma } from '../stats/special.ts';

export type { GammaGammaParams };

/**
 * ln f(m_x | x; p, q, γ) of a shopper with x > 0 repeat purchases of mean value m_x > 0:
 * Γ(px+q)/(Γ(px)Γ(q)) · γ^q · m_x^(px−1) · x^(px) / (γ + m_x·x)^(px+q).
 * @example gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, 2, 22.35)
 */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParams, x: number, m: number): number {
  const px = p * x;
  return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + m * x);
}

/**
 * E[a shopper's mean purchase value | x, m_x] = p(γ + x·m_x)/(px + q − 1): a weighted mean of the population's
 * mean pγ/(q−1) and the shopper's own m_x, the weight on m_x growing with x. With x = 0, the population's mean.
 * @example expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, 0, 0) // 35.22
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, x: number, m: number): number {
  return (p * (gamma + (x > 0 ? x * m : 0))) / (p * x + q - 1);
}
