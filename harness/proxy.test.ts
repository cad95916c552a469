import express from 'express';
import fs from 'fs';
import type { Server } from 'http';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { matchRoute, renderRouteTemplate, routeTarget, type DataSourceInstance, type PluginRoute } from './proxy';
import { createHarnessApp, listen, serverUrl } from './server';

const ds: DataSourceInstance = {
  uid: 'tvm',
  jsonData: { apiUrl: 'http://service:8080/base' },
  secureJsonData: { apiKey: 's3cret' },
};
const route: PluginRoute = {
  path: 'tvm',
  url: '{{ .JsonData.apiUrl }}',
  headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' }],
};

describe('data source proxy routes', () => {
  test('renders JsonData and SecureJsonData placeholders', () => {
    expect(renderRouteTemplate('Bearer {{.SecureJsonData.apiKey}}', ds)).toBe('Bearer s3cret');
    expect(renderRouteTemplate('{{ .JsonData.apiUrl }}/x', ds)).toBe('http://service:8080/base/x');
  });

  test('refuses placeholders it cannot fill, naming them', () => {
    expect(() => renderRouteTemplate('{{ .SecureJsonData.other }}', ds)).toThrow(/SecureJsonData.other/);
    expect(() => renderRouteTemplate('{{ .DecryptedSecret }}', ds)).toThrow(/does not render/);
  });

  test('matches the first route whose path prefixes the request and whose method allows it', () => {
    const routes: PluginRoute[] = [{ path: 'tvm/admin', method: 'POST' }, route];
    expect(matchRoute(routes, 'tvm/admin/x', 'GET')).toBe(route);
    expect(matchRoute(routes, '/tvm/api/machines', 'GET')).toBe(route);
    expect(matchRoute(routes, 'other/api', 'GET')).toBeUndefined();
  });

  test('joins the rest of the path to the route URL and passes the query string untouched', () => {
    const target = routeTarget(route, 'tvm/api/machines', "?$filter=contains(name,'a b')&$top=5", ds);
    expect(target.origin + target.pathname).toBe('http://service:8080/base/api/machines');
    expect(decodeURIComponent(target.search)).toBe("?$filter=contains(name,'a b')&$top=5");
  });
});

describe('harness server proxy', () => {
  let upstream: Server;
  let seen: Array<{ url: string; headers: Record<string, unknown>; body: string }>;
  let dist: string;
  let build: string;

  beforeAll(async () => {
    seen = [];
    const svc = express();
    svc.use(express.text({ type: () => true }));
    svc.all('/*rest', (req, res) => {
      seen.push({ url: req.originalUrl, headers: req.headers, body: req.body });
      res.status(req.path.endsWith('/missing') ? 404 : 200).json({ ok: true });
    });
    upstream = await listen(svc);
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-dist-'));
    build = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-build-'));
    fs.writeFileSync(
      path.join(dist, 'plugin.json'),
      JSON.stringify({ id: 'seed-tvm-app', type: 'app', name: 'App', info: {} })
    );
    fs.writeFileSync(path.join(dist, 'module.js'), 'define([], () => ({}))');
    fs.mkdirSync(path.join(dist, 'datasource'));
    fs.writeFileSync(
      path.join(dist, 'datasource', 'plugin.json'),
      JSON.stringify({ id: 'seed-tvm-datasource', type: 'datasource', name: 'TVM', info: {}, routes: [route] })
    );
    fs.writeFileSync(path.join(build, 'host.js'), '');
  });

  afterAll(async () => {
    await new Promise((r) => upstream.close(r));
    fs.rmSync(dist, { recursive: true, force: true });
    fs.rmSync(build, { recursive: true, force: true });
  });

  const app = () =>
    createHarnessApp({
      service: { url: serverUrl(upstream), apiKey: 'k3y' },
      distDir: dist,
      buildDir: build,
      dashboardsDir: build,
    });

  test('adds the route header, drops the browser credentials, forwards method, path, query and body', async () => {
    const res = await request(app())
      .post('/api/datasources/proxy/uid/tvm/tvm/api/remediationTasks?x=1')
      .set('Authorization', 'Bearer from-browser')
      .set('Cookie', 'grafana_session=abc')
      .set('Content-Type', 'application/json')
      .send('{"a":1}');
    expect(res.status).toBe(200);
    const last = seen[seen.length - 1];
    expect(last.url).toBe('/api/remediationTasks?x=1');
    expect(last.headers.authorization).toBe('Bearer k3y');
    expect(last.headers.cookie).toBeUndefined();
    expect(last.body).toBe('{"a":1}');
  });

  test('passes the service status through and answers 404 for paths no route covers', async () => {
    expect((await request(app()).get('/api/datasources/proxy/uid/tvm/tvm/api/missing')).status).toBe(404);
    const none = await request(app()).get('/api/datasources/proxy/uid/tvm/elsewhere/x');
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/no route/);
  });

  test('never puts the key in the page', async () => {
    const page = await request(app()).get('/d/tvm-overview');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('k3y');
    expect(page.text).toContain('"secureJsonFields":{"apiKey":true}');
  });
});
