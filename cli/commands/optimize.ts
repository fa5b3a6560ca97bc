// `edgewise optimize`: solves an analyst's offer LP file and prints status, objective, allocation and duals.
import { readFileSync } from 'node:fs';
import { formatPath } from '../../protocol/index.ts';
import { offerProblemSchema } from '../../optimiser/schema.ts';
import { solveOfferProblem } from '../../optimiser/solve.ts';
import { CliError, parseOptions, required, type Command } from '../command.ts';

const HELP = `usage: edgewise optimize --in problem.json [--certificate]

problem.json: {"segments": [{"id", "size", "maxOffers"}], "offers": [{"id", "cost", "inventory"?}],
"value": {segmentId: {offerId: v}}, "budget": B}. A missing value means ineligible. Solves
  max Σ n_s·v_so·x_so  s.t.  Σ_o n_s·x_so ≤ n_s·m_s (μ_s),  Σ_s n_s·x_so ≤ I_o (ν_o),  Σ n_s·c_o·x_so ≤ B (λ),  0 ≤ x ≤ 1
and prints {"status", "objective", "allocation": {segment: {offer: x}}, "duals": {"budget": λ, "inventory":
{offer: ν}, "segment": {segment: μ}}}: λ per currency unit, ν per unit, μ per shopper-slot. Every solve is
certified (primal and dual feasible, duality gap ≤ 1e-6 relative); --certificate adds the proof.
Exit 0 for optimal or infeasible, 1 for invalid input or a solve that failed its certificate.`;

export const command: Command = {
  summary: 'solve an offer-allocation LP (segments, offers, values, budget) and print allocation and dual prices',
  async run(argv) {
    const { values } = parseOptions(argv, { in: { type: 'string' }, certificate: { type: 'boolean' }, help: { type: 'boolean' } });
    if (values.help) return void process.stdout.write(`${HELP}\n`), 0;
    const file = required(values, 'in');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`--in: cannot read ${file}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = offerProblemSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = formatPath(issue.path) || '(top level)';
      const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
      throw new CliError(`${file}: ${where}: ${issue.message}${more}`);
    }
    const solution = solveOfferProblem(parsed.data);
    const out: Record<string, unknown> = {
      status: solution.status,
      objective: solution.objective,
      allocation: solution.allocation,
      duals: solution.duals,
    };
    if (solution.reason) out.reason = solution.reason;
    if (values.certificate) out.certificate = { ...solution.certificate, ...solution.infeasibility, stats: solution.stats };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return solution.status === 'failed-certificate' ? 1 : 0;
  },
};
