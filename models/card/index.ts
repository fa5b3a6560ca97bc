// Model cards: what a model is for, how it was trained and how well it did on its holdout, in Markdown.
import type { ModelManifest } from '../../protocol/index.ts';
import type { TrainingSpec } from '../pipeline/index.ts';
import { formatOutputRef } from '../../client-sdk/src/scoring/outputs.ts';

const METRIC_NOTES: Record<string, string> = {
  qini: 'Qini coefficient (scikit-uplift normalisation: 0 random, 1 best possible on this holdout)',
  uplift_at_30: 'treated minus control response rate in the top 30% by predicted uplift (per arm)',
  uplift_at_10: 'the same in the top 10%',
  ate: 'average treatment effect on the holdout: what a random ranking scores at any k',
  auc_treatment: 'AUC of p_treatment on treated holdout rows',
  auc_control: 'AUC of p_control on control holdout rows',
  auc: 'AUC of the probability on the holdout',
  log_loss: 'mean log loss on the holdout',
  base_rate: 'share of positive outcomes on the holdout',
  predicted_uplift: 'mean predicted uplift (p_treatment − p_control) of the offers shown on holdout rows',
  measured_uplift: 'the same measured: purchase rate of holdout rows shown an offer minus that of rows shown none',
  rows: 'rows of the randomised test (training and holdout)',
};

/**
 * Renders MODEL_CARD.md for a trained model.
 * @example writeFileSync('MODEL_CARD.md', modelCard(manifest, training))
 */
export function modelCard(manifest: ModelManifest, training: TrainingSpec, notes = ''): string {
  const arm = (a?: { column: string; value: string }) => (a ? `\`${a.column} = ${a.value}\`` : 'n/a');
  const lines = [
    `# Model card: ${manifest.id}`,
    '',
    `- Kind: ${manifest.kind} (${manifest.method ?? 'unknown method'})`,
    `- File: model.onnx, ${manifest.bytes ?? '?'} bytes, sha256 \`${manifest.sha256}\``,
    `- ONNX: opset 17 (+ ai.onnx.ml 3), input \`${manifest.inputName}\` float32 [N, ${manifest.inputs.length}], outputs ${Object.entries(manifest.outputs).map(([r, ref]) => `${r} → \`${formatOutputRef(ref)}\``).join(', ')}`,
    `- Offers scored: ${manifest.offers.length ? manifest.offers.join(', ') : 'every offer'}`,
    '',
    '## Training data',
    `- Data: \`${training.data}\`; outcome \`${training.outcome}\` (numbers > 0, true or yes count as 1)`,
    ...(training.kind === 'uplift' && training.treatment
      ? [`- Treatment ${arm(training.treatment)}, control ${arm(training.control)}; rows in neither arm ignored: ${training.rows.ignoredNeitherArm}`]
      : training.kind === 'uplift'
        ? ['- Arms: each row is one shopper of a randomised test, shown one of the offers they were eligible for, or none, at random; the offer shown is an input of the fit']
        : []),
    `- Rows: ${training.rows.train} for training, ${training.rows.holdout} held out (share ${training.holdout}, seed ${training.seed}); missing outcome ignored: ${training.rows.ignoredMissingOutcome}`,
    ...(training.leakingColumns?.length
      ? [`- Left out as target leakage (non-zero only when \`${training.outcome}\` is 1, so recorded after it): ${training.leakingColumns.map((c) => `\`${c}\``).join(', ')}; name them in --features to keep them`]
      : []),
    training.learner === 'gbt'
      ? `- Model: gradient-boosted trees (logistic loss), ${training.gbt?.trees ?? 100} trees of depth ${training.gbt?.depth ?? 3}, learning rate ${training.gbt?.rate ?? 0.05}, min leaf weight ${training.gbt?.minLeaf ?? '1% of rows (at least 20)'}; float32 split thresholds`
      : `- Model: logistic regression, L2 = ${training.l2}, fitted by Newton (IRLS) on standardised inputs`,
    '',
    '## Inputs (in order)',
    '| # | input | kind | device attribute | fill / scale |',
    '|---|---|---|---|---|',
    ...manifest.inputs.map((f, i) =>
      f.kind === 'numeric'
        ? `| ${i} | ${f.name} | numeric | \`${f.source}\` | fill ${f.fill}${f.transform ? `; ${f.transform}` : ''}${f.times ? `; times ${f.times}` : ''}; (x - ${f.scale?.mean ?? 0}) / ${f.scale?.std ?? 1} |`
        : f.kind === 'onehot'
          ? `| ${i} | ${f.name} | one-hot | \`${f.source}\` = ${JSON.stringify(f.value)} | 0 otherwise |`
          : f.kind === 'share'
            ? `| ${i} | ${f.name} | share | \`${f.source}\` over its map's total | fill ${f.fill}; (x - ${f.scale?.mean ?? 0}) / ${f.scale?.std ?? 1} |`
            : `| ${i} | ${f.name} | at least | \`${f.source}\` >= ${f.threshold} | 1, else 0 |`,
    ),
    '',
    '## Holdout metrics',
    '| metric | value | meaning |',
    '|---|---|---|',
    ...Object.entries(manifest.metrics).map(([k, v]) => `| ${k} | ${v} | ${METRIC_NOTES[k] ?? ''} |`),
    '',
    '## Use and limits',
    '- Scores are estimates for shoppers like the training rows; a shift in traffic or offer terms needs retraining.',
    '- On the device every profile is scored, a first visit\'s included; missing attributes take the fill value above.',
    '  Offers the model does not score, and any model failure, are scored by the segment prior instead.',
    ...(training.kind === 'uplift' && manifest.method?.startsWith('class-transformation')
      ? ['- Class transformation assumes both arms weigh equally (rows are reweighted); it predicts uplift only,', '  so the device takes P(buy | no offer) from the segment baseline.']
      : []),
    ...(notes ? ['', notes] : []),
    '',
  ];
  return lines.join('\n');
}
