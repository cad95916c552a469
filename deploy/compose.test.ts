/**
 * docker-compose.yml, the Dockerfile and .dockerignore, checked without a Docker engine: the compose
 * file against the Compose Specification's JSON schema (deploy/schemas), every path and name it uses
 * against the repository, the image's shape, and the health check against a running service. Where a
 * `docker-compose` (or `docker compose`) binary exists, `config -q` runs too.
 */
import { execFile, spawnSync } from 'child_process';
import fs from 'fs';
import type { AddressInfo } from 'net';
import path from 'path';
import Ajv2019 from 'ajv/dist/2019';
import { load } from 'js-yaml';
import { createApp } from '../backend/src/api/app';
import type { RemediationWebhook } from '../backend/src/engine/remediationWebhook';
import { testContext } from '../backend/src/test-support/context';
import { PLUGIN_IDS } from '../src/constants';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  secrets?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { environment?: string; file?: string }>;
}

const composeText = read('docker-compose.yml');
const compose = load(composeText) as Compose;
const { tvm, grafana, prometheus } = compose.services;

function composeValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The schema names its parts with draft-04 style "id"s that nothing refers to (every $ref is
  // "#/definitions/…" from the root); Ajv refuses "id", so it becomes a plain annotation here.
  ajv.removeKeyword('id');
  ajv.addKeyword('id');
  // The schema's one custom format: a container port or range, optionally with its protocol.
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  return ajv.compile(JSON.parse(read('deploy/schemas/compose-spec.json')));
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema, which does reject mistakes', () => {
    const validate = composeValidator();
    expect({ valid: validate(compose), errors: validate.errors }).toEqual({ valid: true, errors: null });

    const typo = structuredClone(compose) as unknown as Record<string, Record<string, Record<string, unknown>>>;
    typo.services.tvm.heathcheck = typo.services.tvm.healthcheck;
    expect(validate(typo)).toBe(false);
    const badCondition = structuredClone(compose);
    badCondition.services.grafana.depends_on = { tvm: { condition: 'service_ready' } };
    expect(validate(badCondition)).toBe(false);
  });

  it('pins its images: Grafana at the version the plugin is built against, Prometheus at a release', () => {
    const grafanaPackage = JSON.parse(read('package.json')).dependencies['@grafana/data'];
    expect(grafana.image).toBe(`grafana/grafana:${grafanaPackage}`);
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
  });

  it('mounts what the repository has, where Grafana and Prometheus look for it', () => {
    const binds = Object.values(compose.services).flatMap((s) =>
      (s.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':'))
    );
    for (const [source] of binds) {
      if (source === './dist' || source.startsWith('./dist/')) {
        // Not in a fresh checkout: the plugin build (npm run build:plugin, webpack) writes it.
        expect(JSON.parse(read('package.json')).scripts['build:plugin']).toMatch(/webpack/);
      } else {
        expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
      }
    }
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        `./dist:/var/lib/grafana/plugins/${PLUGIN_IDS.app}:ro`,
        './provisioning:/etc/grafana/provisioning:ro',
        './dist/dashboards:/var/lib/grafana/dashboards/tvm:ro',
      ])
    );
    // Named volumes are declared; the database lives in one.
    const named = Object.values(compose.services).flatMap((s) =>
      (s.volumes ?? []).filter((v) => !v.startsWith('./')).map((v) => v.split(':')[0])
    );
    expect(named.sort()).toEqual(Object.keys(compose.volumes).sort());
    expect(tvm.volumes).toContain('tvm-data:/data');
  });

  it('lets Grafana load exactly the plugins under src/ unsigned', () => {
    const ids: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'node_modules') {
          walk(path.join(dir, e.name));
        } else if (e.name === 'plugin.json') {
          ids.push(JSON.parse(fs.readFileSync(path.join(dir, e.name), 'utf8')).id);
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    const unsigned = String(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).split(',');
    expect(unsigned.sort()).toEqual(ids.sort());
    expect(unsigned.sort()).toEqual(Object.values(PLUGIN_IDS).sort());
  });

  it('wires the services together: one required secret, health-gated start, the service at tvm:8080', () => {
    const required = /^\$\{TVM_API_KEY:\?[^}]+\}$/;
    expect(tvm.environment?.TVM_READ_TOKEN).toMatch(required);
    expect(tvm.environment?.TVM_ADMIN_TOKEN).toMatch(/^\$\{TVM_ADMIN_TOKEN:\?[^}]+\}$/);
    expect(grafana.environment?.TVM_API_KEY).toMatch(required);
    expect(compose.secrets.tvm_api_key).toEqual({ environment: 'TVM_API_KEY' });
    expect(prometheus.secrets).toEqual(['tvm_api_key']);
    const expose = /^EXPOSE (\d+)$/m.exec(read('Dockerfile'))?.[1];
    expect(grafana.environment?.TVM_API_URL).toBe(`http://tvm:${expose}`);
    expect(tvm.healthcheck?.test).toEqual(['CMD', 'node', 'deploy/docker/healthcheck.js']);
    expect(grafana.depends_on?.tvm).toEqual({ condition: 'service_healthy' });
    expect(prometheus.depends_on?.tvm).toEqual({ condition: 'service_healthy' });
    expect(tvm.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
  });
});

// -------------------------------------------------------------------------------------- Dockerfile

/** .dockerignore semantics: the last matching pattern wins; `!` re-includes; a directory pattern covers its contents. */
function dockerIgnored(patterns: string[], file: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = (negate ? raw.slice(1) : raw).replace(/\/+$/, '');
    const re = new RegExp(
      `^${pattern
        .split('**')
        .map((part) =>
          part
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]*')
        )
        .join('.*')
        .replace(/\.\*\//g, '(.*/)?')}(/.*)?$`
    );
    if (re.test(file)) {
      ignored = !negate;
    }
  }
  return ignored;
}

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const ignore = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('builds in one stage and runs a slim, non-root image of the service alone', () => {
    const stages = instructions.filter((l) => l.startsWith('FROM '));
    expect(stages).toEqual(['FROM node:20-bookworm-slim AS build', 'FROM node:20-bookworm-slim AS runtime']);
    const build = instructions.slice(0, instructions.indexOf(stages[1]));
    const runtime = instructions.slice(instructions.indexOf(stages[1]));
    expect(build.join('\n')).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(build.join('\n')).toMatch(/npm ci/);
    expect(build.join('\n')).toMatch(/npm prune --omit=dev/);
    const user = runtime.filter((l) => l.startsWith('USER '));
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^USER (root|0)(:|$)/);
    expect(runtime).toEqual(
      expect.arrayContaining([
        'VOLUME /data',
        'EXPOSE 8080',
        'CMD ["node", "backend/bin/tvm.js", "serve"]',
        expect.stringMatching(/^HEALTHCHECK .*CMD \["node", "deploy\/docker\/healthcheck.js"\]$/),
        expect.stringMatching(/^ENV .*TVM_DB=\/data\/tvm\.sqlite/),
      ])
    );
    // Nothing from the build's dev dependencies or the plugin: only the service's runtime parts.
    const copied = runtime.filter((l) => l.startsWith('COPY ')).map((l) => l.split(/\s+/).slice(-2)[0]);
    expect(copied).toEqual([
      '/app/package.json',
      '/app/node_modules',
      '/app/backend/bin',
      '/app/backend/dist',
      '/app/backend/rules',
      '/app/backend/demo',
      'deploy/docker/healthcheck.js',
    ]);
    expect(fs.existsSync(path.join(ROOT, 'backend/bin/tvm.js'))).toBe(true);
  });

  it('sends the build what it copies and nothing built on the host', () => {
    const fromContext = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1))
      .filter((a) => !a.startsWith('--'));
    expect(fromContext).toEqual(['package.json', 'package-lock.json', 'backend', 'deploy/docker/healthcheck.js']);
    for (const source of fromContext) {
      expect({
        source,
        exists: fs.existsSync(path.join(ROOT, source)),
        ignored: dockerIgnored(ignore, source),
      }).toEqual({
        source,
        exists: true,
        ignored: false,
      });
    }
    for (const kept of ['backend/src/cli.ts', 'backend/rules/cpe-rules.json', 'backend/bin/tvm.js']) {
      expect({ kept, ignored: dockerIgnored(ignore, kept) }).toEqual({ kept, ignored: false });
    }
    for (const excluded of [
      'node_modules/express/index.js',
      'backend/node_modules/x',
      'backend/dist/cli.js',
      'dist/module.js',
      'var/tvm.sqlite',
      'backend/var/x.sqlite',
      '.git/HEAD',
      'src/module.tsx',
      'backend/src/api/app.test.ts',
    ]) {
      expect({ excluded, ignored: dockerIgnored(ignore, excluded) }).toEqual({ excluded, ignored: true });
    }
  });

  describe('the health check', () => {
    const run = (port: number) =>
      new Promise<number>((resolve) => {
        execFile(
          process.execPath,
          [path.join(ROOT, 'deploy/docker/healthcheck.js')],
          { env: { ...process.env, TVM_PORT: String(port), TVM_HEALTHCHECK_TIMEOUT_MS: '3000' }, timeout: 10_000 },
          (err) => resolve(err ? Number((err as { code?: number }).code ?? 1) : 0)
        );
      });

    it('passes against a running service and fails where none answers', async () => {
      const ctx = await testContext();
      const app = createApp(ctx);
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as AddressInfo).port;
      try {
        expect(await run(port)).toBe(0);
      } finally {
        await new Promise((resolve) => server.close(resolve));
        await (app.locals.remediationWebhook as RemediationWebhook).idle();
        await ctx.db.close();
      }
      expect(await run(port)).toBe(1);
    });
  });
});

// ---------------------------------------------------------------------- docker compose, when present

/**
 * A Compose Specification CLI (Compose v2). Debian's `docker-compose` package is 1.29, which predates the
 * spec features this file uses (top-level `name`, secrets from the environment) and rejects them, so it
 * cannot judge the file; the JSON schema check above covers it everywhere.
 */
function composeCli(): { cmd: string[] | null; why: string } {
  const found: string[] = [];
  for (const cmd of [['docker', 'compose'], ['docker-compose']]) {
    const r = spawnSync(cmd[0], [...cmd.slice(1), 'version', '--short'], { encoding: 'utf8', timeout: 15_000 });
    const version = r.status === 0 ? /(\d+)\.\d+/.exec(r.stdout) : null;
    if (version && Number(version[1]) >= 2) {
      return { cmd, why: '' };
    }
    if (version) {
      found.push(`${cmd.join(' ')} ${r.stdout.trim()}`);
    }
  }
  return {
    cmd: null,
    why: found.length
      ? `only ${found.join(', ')} is installed, older than the Compose Specification this file uses`
      : 'no Compose v2 CLI (docker compose plugin or docker-compose 2.x) is installed',
  };
}
const { cmd: cli, why } = composeCli();

(cli ? describe : describe.skip)(`docker compose config${cli ? '' : ` (skipped: ${why})`}`, () => {
  const config = (env: NodeJS.ProcessEnv) =>
    spawnSync(cli?.[0] ?? '', [...(cli?.slice(1) ?? []), '-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
  it('accepts the file with TVM_API_KEY set, and refuses to start without it, saying why', () => {
    const { TVM_API_KEY: _unset, ...env } = process.env;
    const ok = config({
      ...env,
      TVM_API_KEY: 'a-test-key-of-enough-length',
      TVM_ADMIN_TOKEN: 'an-admin-key-of-enough-length',
    });
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    const missing = config(env);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/set TVM_API_KEY/);
  });
});
