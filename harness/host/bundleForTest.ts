import esbuild from 'esbuild';
import fs from 'fs';
import os from 'os';
import path from 'path';

/**
 * Loads a host module the way the browser gets it: bundled by esbuild with its ESM-only dependencies
 * (@grafana/data pulls in several), which the repo Jest project does not transform.
 */
export function loadBundled<T>(entry: string): T {
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-test-')), 'bundle.js');
  esbuild.buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"test"' },
    loader: { '.svg': 'text' },
  });
  try {
    return require(outfile) as T;
  } finally {
    fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
  }
}
