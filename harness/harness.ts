import fs from 'fs';
import type { Server } from 'http';
import path from 'path';
import { buildHost } from './build';
import { DIST_DIR } from './paths';
import { createHarnessApp, listen, serverUrl } from './server';
import { startTvmService, type RunningService } from './service';

export interface RunningHarness {
  /** The harness web server, e.g. http://127.0.0.1:3001 */
  url: string;
  service: RunningService;
  close(): Promise<void>;
}

/** Fails with what to do when the plugin has not been built: the harness tests the build, not the sources. */
export function assertPluginBuilt(distDir = DIST_DIR): void {
  const missing = ['module.js', 'plugin.json'].filter((f) => !fs.existsSync(path.join(distDir, f)));
  if (missing.length) {
    throw new Error(
      `the plugin build is missing (${missing.map((f) => path.join(distDir, f)).join(', ')}): run \`npm run build:plugin\` first`
    );
  }
}

/** Builds the host page, starts the TVM service with its demo data, and serves the harness in front of both. */
export async function startHarness(
  opts: { port?: number; host?: string; logLevel?: string } = {}
): Promise<RunningHarness> {
  assertPluginBuilt();
  await buildHost({ minify: true });
  const service = await startTvmService({ logLevel: opts.logLevel });
  let server: Server;
  try {
    server = await listen(createHarnessApp({ service }), opts.port ?? 0, opts.host ?? '127.0.0.1');
  } catch (err) {
    await service.close();
    throw err;
  }
  return {
    url: serverUrl(server),
    service,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await service.close();
    },
  };
}
