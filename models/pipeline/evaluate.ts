// Evaluating a trained model on labelled data with the SDK runtime: AUC, Qini coefficient and uplift@k.
import { columnIndex, type Table } from '../data/csv.ts';
import { auc, ate, qini, upliftAtK } from '../metrics/index.ts';
import { outcomeValue, pick, selectArms, type ArmSpec } from '../train/dataset.ts';
import { scoreTable, type ModelDir } from './model-dir.ts';

export interface EvaluateOptions {
  outcome: string;
  treatment?: ArmSpec;
  control?: ArmSpec;
  /** Shares for uplift@k. */
  ks?: number[];
}

/**
 * Scores the rows and reports metrics: AUC of each probability output (on its own arm for uplift models);
 * Qini, uplift@k (per arm and overall) and the ATE for uplift models, which need both arms in the data.
 * @example await evaluateModel(readModelDir('out/m'), table, { outcome: 'visit', treatment, control })
 */
export async function evaluateModel(model: ModelDir, table: Table, options: EvaluateOptions): Promise<Record<string, number>> {
  const ks = options.ks ?? [0.1, 0.3];
  const out: Record<string, number> = {};
  if (options.treatment && options.control) {
    const arms = selectArms(table, options.treatment, options.control, options.outcome);
    const { roles } = await scoreTable(arms.table, model.manifest, model.bytes);
    out.rows = arms.y.length;
    const t = Array.from(arms.treated, (v, i) => (v ? i : -1)).filter((i) => i >= 0);
    const c = Array.from(arms.treated, (v, i) => (v ? -1 : i)).filter((i) => i >= 0);
    if (roles.p_treatment) out.auc_treatment = auc(pick(roles.p_treatment, t), pick(arms.y, t));
    if (roles.p_control) out.auc_control = auc(pick(roles.p_control, c), pick(arms.y, c));
    if (roles.probability) out.auc = auc(roles.probability, arms.y);
    const uplift = roles.uplift ?? (roles.p_treatment && roles.p_control ? roles.p_treatment.map((p, i) => p - roles.p_control![i]!) : roles.probability);
    if (uplift) {
      out.qini = qini(uplift, arms.y, arms.treated);
      for (const k of ks) {
        out[`uplift_at_${Math.round(k * 100)}`] = upliftAtK(uplift, arms.y, arms.treated, k);
        out[`uplift_at_${Math.round(k * 100)}_overall`] = upliftAtK(uplift, arms.y, arms.treated, k, 'overall');
      }
      out.ate = ate(arms.y, arms.treated);
    }
    return out;
  }
  const yj = columnIndex(table, options.outcome, 'outcome column');
  const keep = table.rows.flatMap((row, i) => (outcomeValue(row[yj] ?? null, options.outcome, i) === null ? [] : [i]));
  const rows = { columns: table.columns, rows: pick(table.rows, keep) };
  const y = rows.rows.map((row, i) => outcomeValue(row[yj] ?? null, options.outcome, i)!);
  const { roles } = await scoreTable(rows, model.manifest, model.bytes);
  out.rows = y.length;
  const p = roles.probability ?? roles.p_control;
  if (!p) throw new Error('without --treatment/--control only probability outputs can be evaluated; pass both arms for an uplift model');
  out.auc = auc(p, y);
  return out;
}
