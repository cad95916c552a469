/**
 * Writes the generated dashboards into dashboards/*.json (`npm run dashboards`), or with `--check`
 * only reports which committed files differ from the generator (exit code 1), for CI.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboards, render } from './index';

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
