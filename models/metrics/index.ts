// Model quality: AUC for propensity, Qini coefficient and uplift@k for uplift rankings.

/**
 * Area under the ROC curve (ties averaged), 0.5 for a random score.
 * @example auc([0.9, 0.1], [1, 0]) // 1
 */
export function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && score[order[j + 1]!] === score[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]!]) (rankSum += rank), positives++;
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * uplift@k: response rate of the treated minus that of the controls among the top k share by predicted uplift.
 * "by_group" (scikit-uplift's default in its Hillstrom tutorial) takes the top k of each arm separately;
 * "overall" takes the top k of all rows.
 * @example upliftAtK(uplift, y, treated, 0.3)
 */
export function upliftAtK(
  uplift: ArrayLike<number>, y: ArrayLike<number>, treated: ArrayLike<number>, k: number, strategy: 'by_group' | 'overall' = 'by_group',
): number {
  const idx = Array.from({ length: uplift.length }, (_, i) => i).sort((a, b) => uplift[b]! - uplift[a]!);
  const rate = (rows: number[]) => rows.reduce((s, i) => s + y[i]!, 0) / Math.max(rows.length, 1);
  if (strategy === 'overall') {
    const top = idx.slice(0, Math.ceil(idx.length * k));
    return rate(top.filter((i) => treated[i])) - rate(top.filter((i) => !treated[i]));
  }
  const t = idx.filter((i) => treated[i]);
  const c = idx.filter((i) => !treated[i]);
  return rate(t.slice(0, Math.ceil(t.length * k))) - rate(c.slice(0, Math.ceil(c.length * k)));
}

/** Points of the Qini curve: after the top n rows, incremental responders = Rt - Rc · Nt / Nc. */
function qiniCurve(uplift: ArrayLike<number>, y: ArrayLike<number>, treated: ArrayLike<number>): { x: number[]; q: number[] } {
  const idx = Array.from({ length: uplift.length }, (_, i) => i).sort((a, b) => uplift[b]! - uplift[a]!);
  const x = [0];
  const q = [0];
  let [nt, nc, rt, rc] = [0, 0, 0, 0];
  idx.forEach((i, n) => {
    if (treated[i]) (nt++, (rt += y[i]!));
    else (nc++, (rc += y[i]!));
    // Record only where the score changes, so tied scores are one step (as scikit-uplift does).
    if (n === idx.length - 1 || uplift[idx[n + 1]!] !== uplift[i]) {
      x.push(n + 1);
      q.push(rt - (nc > 0 ? (rc * nt) / nc : 0));
    }
  });
  return { x, q };
}

const area = (x: number[], q: number[]) => q.reduce((s, v, i) => (i === 0 ? 0 : s + ((v + q[i - 1]!) / 2) * (x[i]! - x[i - 1]!)), 0);

/**
 * Qini coefficient normalised as scikit-uplift's `qini_auc_score`: (model area - random area) / (perfect area -
 * random area); 0 is random, 1 the best possible ranking of this sample.
 * @example qini(uplift, y, treated) // 0.03
 */
export function qini(uplift: ArrayLike<number>, y: ArrayLike<number>, treated: ArrayLike<number>): number {
  const n = uplift.length;
  const model = qiniCurve(uplift, y, treated);
  const total = model.q[model.q.length - 1]!;
  const random = (total * n) / 2;
  // The perfect ranking: treated responders first, control responders last.
  const perfect = Array.from({ length: n }, (_, i) => (treated[i] ? y[i]! : -y[i]!));
  const best = qiniCurve(perfect, y, treated);
  const denominator = area(best.x, best.q) - random;
  return denominator === 0 ? 0 : (area(model.x, model.q) - random) / denominator;
}

/** The observed average treatment effect: response rate treated minus control (what a random ranking scores). */
export function ate(y: ArrayLike<number>, treated: ArrayLike<number>): number {
  let [nt, nc, rt, rc] = [0, 0, 0, 0];
  for (let i = 0; i < y.length; i++) treated[i] ? (nt++, (rt += y[i]!)) : (nc++, (rc += y[i]!));
  return rt / Math.max(nt, 1) - rc / Math.max(nc, 1);
}
