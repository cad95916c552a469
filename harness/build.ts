import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';
import { BUILD_DIR, HARNESS_DIR } from './paths';

export const HOST_ENTRY = path.join(HARNESS_DIR, 'host', 'index.tsx');

/**
 * Bundles the host page: React, @grafana/data|ui|runtime and the other modules Grafana shares with plugins,
 * plus the harness shell. Unlike the plugin build, nothing is external: this page plays Grafana.
 * Production React, as Grafana ships it.
 */
export async function buildHost(opts: { outDir?: string; minify?: boolean } = {}): Promise<{ outDir: string }> {
  const outDir = opts.outDir ?? BUILD_DIR;
  fs.mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { host: HOST_ENTRY },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: opts.minify ?? false,
    sourcemap: 'linked',
    // Relative to <base href="/">, like Grafana's own assets.
    publicPath: '/harness/',
    assetNames: 'assets/[name]-[hash]',
    define: {
      'process.env.NODE_ENV': '"production"',
      global: 'window',
    },
    loader: {
      '.svg': 'text',
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.eot': 'file',
      '.png': 'file',
      '.gif': 'file',
    },
    jsx: 'transform',
    logLevel: 'silent',
    metafile: false,
  });
  if (result.errors.length) {
    throw new Error(`harness host build failed:\n${result.errors.map((e) => e.text).join('\n')}`);
  }
  return { outDir };
}
