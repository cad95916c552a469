/**
 * Writes the generated dashboards into dashboards/*.json (`npm run dashboards`, which type-checks this
 * code first), or with `--check` only reports which committed files differ (exit code 1), for CI.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard } from '@grafana/schema';
// Prettier is loaded here only: it cannot load inside Jest (it imports its plugins dynamically).
import { format, resolveConfig } from 'prettier';
import { buildDashboards } from './index';

/** The committed text: JSON formatted by the repository's Prettier config, so `prettier --write` leaves it alone. */
async function render(d: Dashboard, path: string): Promise<string> {
  const config = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(d, null, 2), { ...config, filepath: path, parser: 'json' });
}

const dir = join(__dirname, '..');
const check = process.argv.includes('--check');

async function main() {
  const stale: string[] = [];
  for (const { file, dashboard } of buildDashboards()) {
    const path = join(dir, file);
    const text = await render(dashboard, path);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (current === text) {
      continue;
    }
    if (check) {
      stale.push(file);
    } else {
      writeFileSync(path, text);
      process.stdout.write(`wrote dashboards/${file}\n`);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`out of date: ${stale.join(', ')}; run \`npm run dashboards\` and commit the result\n`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
