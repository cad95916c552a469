import { execFile, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { describeWithSharedData, sharedDataPath } from './test-support/sharedData';

/**
 * The `tvm` command as users run it: the compiled bin (built by `npm ci` through `prepare`), in a
 * child process, on a fresh database file.
 */
const BIN = path.resolve(__dirname, '../bin/tvm.js');
const run = promisify(execFile);

// Each case starts Node processes; on a loaded 2-core CI machine that takes seconds, not milliseconds.
jest.setTimeout(60000);

function env(dbFile: string): NodeJS.ProcessEnv {
  // TVM_DEMO=false: these cases start from an empty store (serve would seed the demo first).
  return { ...process.env, TVM_DB: dbFile, TVM_ADMIN_TOKEN: '', TVM_LOG_LEVEL: 'warn', TVM_DEMO: 'false' };
}

describe('tvm command line', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is built (npm ci runs the build through `prepare`)', () => {
    expect(fs.existsSync(path.resolve(__dirname, '../dist/cli.js'))).toBe(true);
  });

  it('documents every command and environment variable in --help', async () => {
    const { stdout } = await run('node', [BIN, '--help']);
    for (const word of [
      'serve',
      'import',
      'ingest',
      'recompute',
      'TVM_DB',
      'TVM_PORT',
      'TVM_ADMIN_TOKEN',
      'TVM_CPE_RULES',
    ]) {
      expect(stdout).toContain(word);
    }
    const imp = await run('node', [BIN, 'import', '--help']);
    for (const word of ['nvd', 'kev', 'epss', 'osquery', 'cyclonedx', 'trivy', 'grype']) {
      expect(imp.stdout).toContain(word);
    }
  });

  it('serves /health on the configured port, creating the database on first start', async () => {
    const db = path.join(dir, 'nested', 'tvm.sqlite');
    const port = 20000 + (process.pid % 20000);
    const child = spawn('node', [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], { env: env(db) });
    try {
      let body: { status?: string } = {};
      for (let i = 0; i < 100; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          body = (await res.json()) as { status?: string };
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(body.status).toBe('ok');
      expect(fs.existsSync(db)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('fails with a clear message and a non-zero exit on a bad report', async () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ devices: [{ reportId: 'r', id: 'd', software: [{ name: 'x', version: 5 }] }] })
    );
    await expect(run('node', [BIN, 'ingest', file], { env: env(path.join(dir, 'db.sqlite')) })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/devices\[0\]\.software\[0\]\.version.*Nothing was stored/),
    });
  });
});

describeWithSharedData('tvm import and ingest over the real data', () => {
  it('imports NVD, KEV and EPSS files and ingests a report that then has findings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-cli-'));
    try {
      const e = env(path.join(dir, 'tvm.sqlite'));
      const nvd = JSON.parse(
        (await run('node', [BIN, 'import', 'nvd', sharedDataPath('nvd-cve-api-2.0')], { env: e })).stdout
      );
      expect(nvd.inserted).toBe(fs.readdirSync(sharedDataPath('nvd-cve-api-2.0')).length);
      const kev = JSON.parse(
        (
          await run('node', [BIN, 'import', 'kev', sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities.csv')], {
            env: e,
          })
        ).stdout
      );
      expect(kev.entries).toBe(1404);
      const epss = JSON.parse(
        (await run('node', [BIN, 'import', 'epss', sharedDataPath('epss', 'epss_scores-head-sample.csv')], { env: e }))
          .stdout
      );
      expect(epss.modelVersion).toBe('v2026.06.15');
      const report = path.join(dir, 'report.json');
      fs.writeFileSync(
        report,
        JSON.stringify({
          reportId: 'r1',
          id: 'ws-1',
          osPlatform: 'Windows11',
          software: [{ name: '7-Zip 24.08 (x64)', publisher: 'Igor Pavlov', version: '24.08' }],
        })
      );
      const ingest = JSON.parse((await run('node', [BIN, 'ingest', report], { env: e })).stdout);
      expect(ingest).toMatchObject({ applied: 1, findingsOpened: 1 });
      const trivy = JSON.parse(
        (
          await run(
            'node',
            [BIN, 'import', 'trivy', sharedDataPath('trivy-reports', 'alpine-310.trivy.json'), '--device', 'alpine'],
            { env: e }
          )
        ).stdout
      );
      expect(trivy.applied).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
