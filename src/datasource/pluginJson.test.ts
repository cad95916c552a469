/**
 * Every plugin.json of the app (root, data source, panels) against Grafana's plugin schema, the way the plugin
 * validator checks them (it needs the network, so the schema is vendored: src/__schemas__/README.md). After a
 * build, the dist/ layout Grafana loads: nested plugins, dashboards, logos, versions, no console.log.
 */
import fs from 'fs';
import path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { globSync } from 'glob';
import { PLUGIN_IDS, PROXY_ROUTE } from '../constants';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

// semver ships no types here; the two functions used are typed by hand.
const semver: { validRange(range: string): string | null; valid(version: string): string | null } = require('semver');

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const schema = readJson(path.join(SRC, '__schemas__', 'plugin.schema.json'));

/** Every plugin.json under src/ (fixtures and schemas are not plugins). */
const pluginJsonFiles = globSync('**/plugin.json', { cwd: SRC, ignore: ['**/node_modules/**', '**/__*__/**'] }).sort();

function validator() {
  // ajv's default export is draft-07, the schema's dialect. The schema is used as published, so: its `$schema`
  // lacks draft-07's trailing '#' (no meta-schema lookup by it), and its patterns escape '-', which is invalid
  // in the unicode regular expressions ajv builds by default (the validator, in Go, accepts it).
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('plugin.json files', () => {
  const validate = validator();

  it('finds the app, the data source and the panels', () => {
    expect(pluginJsonFiles).toEqual(expect.arrayContaining(['plugin.json', 'datasource/plugin.json']));
  });

  it.each(pluginJsonFiles)('%s matches Grafana’s plugin schema', (file) => {
    const json = readJson(path.join(SRC, file));
    const ok = validate(json);
    expect({ file, errors: ok ? [] : validate.errors }).toEqual({ file, errors: [] });
  });

  it('rejects what the plugin validator rejects', () => {
    const ds = readJson(path.join(SRC, 'datasource', 'plugin.json'));
    expect(validate({ ...ds, id: 'seed_tvm_datasource' })).toBe(false);
    expect(validate({ ...ds, info: { ...ds.info, logos: undefined } })).toBe(false);
    expect(validate({ ...ds, routes: [{ ...ds.routes[0], headerz: [] }] })).toBe(false);
    expect(validate({ ...ds, dependencies: { grafanaDependency: 'twelve' } })).toBe(false);
  });

  it.each(pluginJsonFiles)('%s: a valid Grafana range, a version placeholder and logos that exist', (file) => {
    const json = readJson(path.join(SRC, file));
    expect(semver.validRange(json.dependencies.grafanaDependency)).not.toBeNull();
    expect(json.info.version).toBe('%VERSION%');
    for (const logo of [json.info.logos.small, json.info.logos.large]) {
      expect({ file, logo, exists: fs.existsSync(path.join(SRC, path.dirname(file), logo)) }).toEqual({
        file,
        logo,
        exists: true,
      });
    }
  });

  it('the data source: frontend only, annotations, and the proxy route that adds the key', () => {
    const ds = readJson(path.join(SRC, 'datasource', 'plugin.json'));
    expect(ds).toMatchObject({ type: 'datasource', id: PLUGIN_IDS.datasource, metrics: true, annotations: true });
    // No Go backend: claiming backend or alerting would make Grafana look for an executable.
    expect(ds.backend).toBeUndefined();
    expect(ds.alerting).toBeUndefined();
    expect(ds.routes).toEqual([
      {
        path: PROXY_ROUTE,
        url: '{{ .JsonData.apiUrl }}',
        headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' }],
      },
    ]);
  });

  it('the app includes every nested plugin by a path that exists, with the id it declares', () => {
    const app = readJson(path.join(SRC, 'plugin.json'));
    const nested = (app.includes as Array<{ type: string; path: string }>).filter(
      (i) => i.type === 'datasource' || i.type === 'panel'
    );
    expect(nested.map((i) => i.path)).toContain('datasource/plugin.json');
    for (const include of nested) {
      const file = path.join(SRC, include.path);
      expect({ include: include.path, exists: fs.existsSync(file) }).toEqual({ include: include.path, exists: true });
      const plugin = readJson(file);
      expect({ include: include.path, type: plugin.type }).toEqual({ include: include.path, type: include.type });
      expect(Object.values(PLUGIN_IDS)).toContain(plugin.id);
    }
  });
});

/**
 * The build output. `npm test` builds before jest; a plain jest run without dist/ skips these with the reason in
 * the title, and fails under CI=true, where a missing build is a broken pipeline.
 */
function describeWithBuild(name: string, fn: () => void) {
  if (fs.existsSync(path.join(DIST, 'module.js'))) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs a build', () => {
        throw new Error(`${DIST}/module.js is missing: run npm run build:plugin before the tests (CI=true)`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: no build in dist/, run npm run build:plugin)`, fn);
  }
}

describeWithBuild('dist/ after a build', () => {
  const srcPlugins = pluginJsonFiles.map((f) => path.dirname(f));

  it.each(srcPlugins)('%s: module.js and plugin.json are there', (dir) => {
    for (const file of ['module.js', 'plugin.json']) {
      const target = path.join(DIST, dir, file);
      expect({ target: path.relative(ROOT, target), exists: fs.existsSync(target) }).toEqual({
        target: path.relative(ROOT, target),
        exists: true,
      });
    }
  });

  it('the data source and every panel of src/ are built', () => {
    expect(fs.existsSync(path.join(DIST, 'datasource', 'module.js'))).toBe(true);
    for (const panel of globSync('panels/*/plugin.json', { cwd: SRC })) {
      expect(fs.existsSync(path.join(DIST, path.dirname(panel), 'module.js'))).toBe(true);
    }
  });

  it('every dashboard of the repository is shipped', () => {
    const dashboards = globSync('*.json', { cwd: path.join(ROOT, 'dashboards') }).sort();
    expect(dashboards.length).toBeGreaterThan(0);
    expect(globSync('*.json', { cwd: path.join(DIST, 'dashboards') }).sort()).toEqual(dashboards);
  });

  it.each(srcPlugins)('%s: the version and date are filled in, the logos exist', (dir) => {
    const text = fs.readFileSync(path.join(DIST, dir, 'plugin.json'), 'utf8');
    expect(text).not.toContain('%VERSION%');
    expect(text).not.toContain('%TODAY%');
    const json = JSON.parse(text);
    expect(semver.valid(json.info.version)).not.toBeNull();
    for (const logo of [json.info.logos.small, json.info.logos.large]) {
      const target = path.join(DIST, dir, logo);
      expect({ logo: path.relative(ROOT, target), exists: fs.existsSync(target) }).toEqual({
        logo: path.relative(ROOT, target),
        exists: true,
      });
    }
  });

  it('ships no test-only files (recorded responses, vendored schemas, dashboard generator)', () => {
    const shipped = globSync('**/*', { cwd: DIST, nodir: true });
    expect(shipped.filter((file) => /__fixtures__|__schemas__|\.test\.|dashboards\/src\//.test(file))).toEqual([]);
  });

  it('no console.log in the bundles', () => {
    const bundles = globSync('**/*.js', { cwd: DIST });
    expect(bundles.length).toBeGreaterThan(0);
    const offenders = bundles.filter((file) => fs.readFileSync(path.join(DIST, file), 'utf8').includes('console.log'));
    expect(offenders).toEqual([]);
  });
});
