// Where the shared data sets are: ../shared/datasets beside the project (the main checkout) or beside its parent
// folder (a worktree one level deeper), or EDGEWISE_DATASETS. Tests that need one skip, saying so, when absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The path of a shared data set file, or null when it is not on this machine.
 * @example const file = datasetPath('cdnow/cdnow_customers_summary.csv')
 */
export function datasetPath(name: string): string | null {
  const dirs = [process.env.EDGEWISE_DATASETS, path.join(root, '..', 'shared', 'datasets'), path.join(root, '..', '..', 'shared', 'datasets')];
  for (const dir of dirs) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

/** The reason a test names when it skips for want of a data set. */
export const missing = (name: string) => `skipped: ../shared/datasets/${name} is absent (see its README, or set EDGEWISE_DATASETS)`;
