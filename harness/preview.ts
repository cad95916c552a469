import { startHarness } from './harness';
import { listDashboards } from './server';
import { DASHBOARDS_DIR } from './paths';

/**
 * `npm run preview`: the dashboards and panels in a browser without a Grafana. Starts the TVM service on
 * a fresh store with demo data and the harness in front of it, prints the URLs, runs until Ctrl-C.
 */
async function main(): Promise<void> {
  const port = Number(process.env.HARNESS_PORT ?? 3001);
  const host = process.env.HARNESS_HOST ?? '127.0.0.1';
  const harness = await startHarness({ port, host, logLevel: process.env.TVM_LOG_LEVEL ?? 'warn' });
  const base = harness.url;
  const lines = [
    `TVM service ${harness.service.url} (${harness.service.seed})`,
    `Grafana stand-in ${base}: the built plugin from dist/, core panels approximated`,
    '',
    ...listDashboards(DASHBOARDS_DIR).map((d) => `  ${d.title.padEnd(28)} ${base}/d/${d.uid}/${d.key}`),
    `  ${'Editors and app pages'.padEnd(28)} ${base}/harness/editors`,
    '',
    'Add ?theme=light for the light theme, ?kiosk for kiosk mode. Ctrl-C stops.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    harness.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`preview: ${(err as Error).message}\n`);
  process.exit(1);
});
