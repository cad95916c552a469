import request from 'supertest';
import { createApp } from './app';
import { ingestDeviceReports } from '../engine/fleet';
import { refreshScores } from '../engine/pipeline';
import { configurationScore, exposureScore, recommendations, ORG, type Recommendation } from '../engine/views';
import { parseCsv } from '../ingest/knowledge/csv';
import { apiClient, reportAgain } from '../test-support/apiClient';
import { storeFingerprint, testContext } from '../test-support/context';
import { importSharedKnowledge, ingestSharedFleet, reportOf, type DeviceSpec } from '../test-support/fleet';
import { describeWithSharedData } from '../test-support/sharedData';

type Ctx = Awaited<ReturnType<typeof testContext>>;

const START = '2026-11-20T12:00:00.000Z';
const DAY = 86400_000;
const at = (delta: number, from = START) => new Date(Date.parse(from) + delta).toISOString();
const GIT = 'va-_-git-scm-_-git'; // srv-001 (Servers) and ws-003 (Workstations)
const CHROME = 'va-_-google-_-chrome'; // ws-001, ws-002 (Workstations) and fin-001 (Finance)
const chrome = (version: string) => ({ name: 'Google Chrome', publisher: 'Google LLC', version, source: 'programs' });
const git = (version: string) => ({
  name: 'Git',
  publisher: 'The Git Development Community',
  version,
  source: 'programs',
});

async function fleet(): Promise<Ctx> {
  const ctx = await testContext({ start: START });
  await importSharedKnowledge(ctx);
  await ingestSharedFleet(ctx);
  return ctx;
}

describeWithSharedData('exceptions over a fleet built from ../shared/data', () => {
  let ctx: Ctx;
  let app: ReturnType<typeof createApp>;
  let api: ReturnType<typeof apiClient>;

  beforeEach(async () => {
    ctx = await fleet();
    app = createApp(ctx);
    api = apiClient(app);
  });
  afterEach(async () => ctx.db.close());

  const view = () => ({
    q: ctx.db,
    now: ctx.clock().toISOString(),
    cfg: ctx.settings.scoring,
    checks: ctx.settings.checks,
  });
  const rec = async (id: string): Promise<Recommendation> => {
    const r = (await recommendations(view(), ORG)).find((x) => x.id === id);
    if (!r) {
      throw new Error(`no recommendation ${id}`);
    }
    return r;
  };
  const orgScore = async () => (await exposureScore(view(), ORG)).exactScore ?? 0;
  const deviceScores = async () =>
    new Map(
      (
        await ctx.db.all<{ device_id: string; exposure_score: number; raw_exposure_score: number }>(
          'SELECT device_id, exposure_score, raw_exposure_score FROM device_score WHERE exposure_score IS NOT NULL'
        )
      ).map((r) => [r.device_id, { score: Number(r.exposure_score), raw: Number(r.raw_exposure_score) }])
    );
  const except = (body: object, user = 'sec@example.com') =>
    api.post('/api/exceptions', { expiresIn: '90d', ...body }, { status: 201, user });

  it('the score before and after each justification: only third party control and alternate mitigation count as mitigated', async () => {
    const before = await orgScore();
    const gitBefore = await rec(GIT);
    expect(gitBefore).toMatchObject({ status: 'Active', statusDetail: 'Active', exposedMachinesCount: 2 });
    expect(gitBefore.exactExposureImpactAfterExceptions).toBeCloseTo(gitBefore.exactExposureImpact, 12);
    expect(gitBefore.exposureImpact).toBeGreaterThan(0);

    for (const justification of ['ThirdPartyControl', 'AlternateMitigation', 'RiskAccepted', 'PlannedRemediation']) {
      const mitigating = justification === 'ThirdPartyControl' || justification === 'AlternateMitigation';
      const e = await except({ recommendationId: GIT, justification, context: `${justification}: see CHG-7` });
      expect(e).toMatchObject({
        type: 'Recommendation',
        recommendationId: GIT,
        cveId: null,
        justification,
        scope: 'Global',
        rbacGroupNames: [],
        status: 'InEffect',
        effective: true,
        suspended: false,
        scoreEffect: mitigating ? 'Mitigated' : 'None',
        createdBy: 'sec@example.com',
        expiresOn: at(90 * DAY),
        exposedDevicesAtCreation: 2,
      });
      const after = await orgScore();
      const gitAfter = await rec(GIT);
      // Listed with its status, so `status eq 'Active'` leaves it out.
      expect(gitAfter).toMatchObject({ status: 'Exception', statusDetail: 'FullException', exceptionIds: [e.id] });
      expect(gitAfter.exposedMachinesCount).toBe(2);
      expect(gitAfter.exposureImpact).toBe(gitBefore.exposureImpact);
      if (mitigating) {
        // Counted as remediated: the org score drops by exactly the impact the recommendation had.
        expect(before - after).toBeCloseTo(gitBefore.exactExposureImpactAfterExceptions, 9);
        expect(gitAfter).toMatchObject({ exposedMachinesCountAfterExceptions: 0, exposureImpactAfterExceptions: 0 });
        const devices = await deviceScores();
        expect(devices.get('srv-001')?.score).toBeLessThan(devices.get('srv-001')?.raw ?? 0);
      } else {
        expect(after).toBe(before);
        expect(gitAfter.exposedMachinesCountAfterExceptions).toBe(2);
        expect(gitAfter.exposureImpactAfterExceptions).toBe(gitBefore.exposureImpactAfterExceptions);
      }
      const active = (await api.get("/api/recommendations?$filter=status eq 'Active'")).value;
      expect(active.map((r: { id: string }) => r.id)).not.toContain(GIT);
      const listed = (await api.get("/api/recommendations?$filter=statusDetail eq 'FullException'")).value;
      expect(listed.map((r: { id: string }) => r.id)).toEqual([GIT]);
      // Cancelled: the score is back where it was.
      await api.post(`/api/exceptions/${e.id}/cancel`);
      expect(await orgScore()).toBeCloseTo(before, 12);
      expect(await rec(GIT)).toMatchObject({ status: 'Active', statusDetail: 'Active', exceptionIds: [] });
    }

    // CVE with no patch: CVE exceptions only, and no score effect.
    const refused = await api.post(
      '/api/exceptions',
      { recommendationId: GIT, justification: 'NoSecurityUpdate', expiresIn: '30d' },
      { status: 400 }
    );
    expect(refused.error.target).toBe('justification');
    const nsu = await except({ cveId: 'cve-2021-41773', justification: 'NoSecurityUpdate' });
    expect(nsu).toMatchObject({ type: 'Cve', cveId: 'CVE-2021-41773', recommendationId: null, scoreEffect: 'None' });
    expect(await orgScore()).toBeCloseTo(before, 12);
    // A CVE exception does not change the status of the recommendation of its product.
    expect((await rec('va-_-apache-_-http_server')).statusDetail).toBe('Active');
  });

  it('a mitigating CVE exception mitigates that CVE’s findings only, in its groups', async () => {
    const before = await orgScore();
    const e = await except({
      cveId: 'CVE-2024-4671',
      justification: 'AlternateMitigation',
      rbacGroupNames: ['Finance'],
    });
    expect(e).toMatchObject({ scope: 'Groups', rbacGroupNames: ['Finance'] });
    let devices = await deviceScores();
    expect(devices.get('fin-001')?.score).toBeLessThan(devices.get('fin-001')?.raw ?? 0);
    expect(devices.get('ws-001')?.score).toBe(devices.get('ws-001')?.raw);
    expect((await rec(CHROME)).exposedMachinesCountAfterExceptions).toBe(2);
    const breakdown = await api.get('/api/machines/fin-001/exposureBreakdown');
    const machine = await api.get('/api/machines/fin-001');
    expect(breakdown.exposureScore).toBe(machine.exposureScore);
    expect(breakdown.findings.find((f: { cveId: string }) => f.cveId === 'CVE-2024-4671')).toMatchObject({
      mitigated: true,
    });
    expect(breakdown.products.map((p: { productKey: string }) => p.productKey)).not.toContain('a:google:chrome:');
    const partial = await orgScore();
    expect(partial).toBeLessThan(before);
    // A group-scoped CVE exception shows only the devices outside its groups as exposed to the CVE.
    expect((await api.get('/api/vulnerabilities/CVE-2024-4671')).exposedMachines).toBe(2);
    const refs = (await api.get('/api/vulnerabilities/CVE-2024-4671/machineReferences')).value.map(
      (m: { id: string }) => m.id
    );
    expect(refs.sort()).toEqual(['ws-001', 'ws-002']);

    await api.post(`/api/exceptions/${e.id}/cancel`);
    await except({ cveId: 'CVE-2024-4671', justification: 'ThirdPartyControl' });
    devices = await deviceScores();
    for (const id of ['fin-001', 'ws-002']) {
      expect(devices.get(id)?.score).toBeLessThan(devices.get(id)?.raw ?? 0);
    }
    // ws-001 stays at 100 with its other KEV-listed findings (Firefox ESR, 7-Zip): never higher.
    expect(devices.get('ws-001')).toEqual({ score: 100, raw: 100 });
    // ws-002 still has CVE-2023-7024 in Chrome: still exposed after exceptions. The recommendation keeps
    // its status: CVE exceptions are shown on the CVE, not on the recommendation.
    expect(await rec(CHROME)).toMatchObject({
      exposedMachinesCount: 3,
      exposedMachinesCountAfterExceptions: 1,
      statusDetail: 'Active',
    });
    expect(await orgScore()).toBeLessThan(partial);
    // Defender's rule for CVE exceptions: a global one hides the CVE's exposed devices.
    expect((await api.get('/api/vulnerabilities/CVE-2024-4671')).exposedMachines).toBe(0);
    expect((await api.get('/api/vulnerabilities/CVE-2024-4671/machineReferences')).value).toEqual([]);
  });

  it('configuration exceptions: a mitigating one raises the secure score by the recommendation’s impact', async () => {
    const secure = async () => (await configurationScore(view(), ORG)).score;
    const before = await secure();
    const scid2011 = await rec('sca-_-scid-2011');
    await except({ recommendationId: 'sca-_-scid-2011', justification: 'ThirdPartyControl' });
    expect(await secure()).toBeCloseTo(before + scid2011.configScoreImpact, 1);
    expect(await rec('sca-_-scid-2011')).toMatchObject({
      statusDetail: 'FullException',
      configScoreImpact: scid2011.configScoreImpact,
      configScoreImpactAfterExceptions: 0,
      exposedMachinesCountAfterExceptions: 0,
    });
    const mid = await secure();
    await except({ recommendationId: 'sca-_-scid-2010', justification: 'RiskAccepted' });
    expect(await secure()).toBe(mid);
    expect(await rec('sca-_-scid-2010')).toMatchObject({ status: 'Exception', exposedMachinesCountAfterExceptions: 1 });
  });

  it('scope: selected groups, all current groups (a snapshot), or global (future groups too)', async () => {
    const statusIn = async (query = '') => (await api.get(`/api/recommendations/${CHROME}${query}`)).statusDetail;
    const finance = await except({
      recommendationId: CHROME,
      justification: 'RiskAccepted',
      rbacGroupNames: ['Finance'],
    });
    expect(finance.groups).toEqual([
      { rbacGroupName: 'Finance', status: 'InEffect', canceledOn: null, canceledBy: null, exposedDevicesAtCreation: 1 },
    ]);
    expect(await statusIn()).toBe('PartialException');
    expect((await api.get(`/api/recommendations/${CHROME}`)).status).toBe('Active');
    expect(await statusIn('?rbacGroupName=Finance')).toBe('FullException');
    expect((await api.get(`/api/recommendations/${CHROME}?rbacGroupName=Finance`)).status).toBe('Exception');
    expect(await statusIn('?rbacGroupName=Workstations')).toBe('Active');
    const ids = async (url: string) => (await api.get(url)).value.map((x: { id: string }) => x.id);
    expect(await ids('/api/exceptions?rbacGroupName=Finance')).toEqual([finance.id]);
    expect(await ids('/api/exceptions?rbacGroupName=Servers')).toEqual([]);
    await api.post(`/api/exceptions/${finance.id}/cancel`);

    const all = await except({
      recommendationId: CHROME,
      justification: 'PlannedRemediation',
      scope: 'AllCurrentGroups',
    });
    expect(all).toMatchObject({ scope: 'AllCurrentGroups', rbacGroupNames: ['Finance', 'Servers', 'Workstations'] });
    expect(await statusIn()).toBe('FullException');
    // ws-002 moves to a group created after the exception: not covered by "all current groups".
    ctx.setNow(at(3600_000));
    await reportAgain(ctx, 'ws-002', at(3600_000), (s) => ({ ...s, group: 'Lab' }));
    expect(await statusIn()).toBe('PartialException');
    expect((await api.get(`/api/exceptions/${all.id}`)).status).toBe('InEffect'); // no worse within its scope
    await api.post(`/api/exceptions/${all.id}/cancel`);

    const global = await except({ recommendationId: CHROME, justification: 'PlannedRemediation' });
    expect(global).toMatchObject({ scope: 'Global', exposedDevicesAtCreation: 3 });
    expect(await statusIn()).toBe('FullException');
    expect(await statusIn('?rbacGroupName=Lab')).toBe('FullException');
    expect(await ids('/api/exceptions?rbacGroupName=Lab')).toEqual([global.id]);
  });

  it('a global exception suspends group exceptions of the same target, and they resume when it ends', async () => {
    const before = await deviceScores();
    const servers = await except({
      recommendationId: GIT,
      justification: 'ThirdPartyControl',
      rbacGroupNames: ['Servers'],
    });
    expect(servers).toMatchObject({ effective: true, suspended: false });
    const mitigated = (await deviceScores()).get('srv-001')?.score ?? 0;
    expect(mitigated).toBeLessThan(before.get('srv-001')?.score ?? 0);
    expect((await rec(GIT)).statusDetail).toBe('PartialException');

    const global = await except({ recommendationId: GIT, justification: 'RiskAccepted' });
    expect(await api.get(`/api/exceptions/${servers.id}`)).toMatchObject({
      status: 'InEffect',
      suspended: true,
      suspendedBy: global.id,
      effective: false,
    });
    // Suspended: its mitigation no longer counts; the global risk acceptance changes no score.
    expect((await deviceScores()).get('srv-001')?.score).toBeCloseTo(before.get('srv-001')?.score ?? 0, 12);
    expect(await rec(GIT)).toMatchObject({ statusDetail: 'FullException', exceptionIds: [global.id] });

    // A group exception created while the global one is in effect starts suspended.
    const ws = await except({
      recommendationId: GIT,
      justification: 'PlannedRemediation',
      rbacGroupNames: ['Workstations'],
    });
    expect(ws).toMatchObject({ status: 'InEffect', suspended: true, effective: false });
    // One global per target, one exception per (target, group).
    const dupGlobal = await api.post(
      '/api/exceptions',
      { recommendationId: GIT, justification: 'RiskAccepted', expiresIn: '30d' },
      { status: 409 }
    );
    expect(dupGlobal.error.target).toBe('recommendationId');
    const dupGroup = await api.post(
      '/api/exceptions',
      {
        recommendationId: GIT,
        justification: 'RiskAccepted',
        expiresIn: '30d',
        rbacGroupNames: ['Finance', 'Servers'],
      },
      { status: 409 }
    );
    expect(dupGroup.error).toMatchObject({ code: 'Conflict', target: 'rbacGroupNames' });
    expect(dupGroup.error.message).toMatch(/Servers/);

    await api.post(`/api/exceptions/${global.id}/cancel`);
    expect(await api.get(`/api/exceptions/${servers.id}`)).toMatchObject({ suspended: false, effective: true });
    expect((await deviceScores()).get('srv-001')?.score).toBeCloseTo(mitigated, 12);
    const after = await rec(GIT);
    expect(after.statusDetail).toBe('FullException');
    expect([...after.exceptionIds].sort()).toEqual([servers.id, ws.id].sort());
  });

  it('cancel for one group or for all; the audit log has who and when', async () => {
    const e = await except({
      recommendationId: CHROME,
      justification: 'ThirdPartyControl',
      rbacGroupNames: ['Finance', 'Workstations'],
    });
    expect((await rec(CHROME)).exposedMachinesCountAfterExceptions).toBe(0);
    ctx.setNow(at(60_000));
    const one = await api.post(
      `/api/exceptions/${e.id}/cancel`,
      { rbacGroupName: 'Finance' },
      { user: 'erin@example.com' }
    );
    expect(one).toMatchObject({ status: 'InEffect', canceledOn: null });
    expect(one.groups).toEqual([
      expect.objectContaining({
        rbacGroupName: 'Finance',
        status: 'Canceled',
        canceledOn: at(60_000),
        canceledBy: 'erin@example.com',
      }),
      expect.objectContaining({ rbacGroupName: 'Workstations', status: 'InEffect', canceledOn: null }),
    ]);
    expect((await rec(CHROME)).exposedMachinesCountAfterExceptions).toBe(1);
    expect(
      (await api.post(`/api/exceptions/${e.id}/cancel`, { rbacGroupName: 'Finance' }, { status: 409 })).error.target
    ).toBe('rbacGroupName');
    expect(
      (await api.post(`/api/exceptions/${e.id}/cancel`, { rbacGroupName: 'Servers' }, { status: 400 })).error.target
    ).toBe('rbacGroupName');
    // Finance is free again for a new exception.
    await except({ recommendationId: CHROME, justification: 'RiskAccepted', rbacGroupNames: ['Finance'] });

    ctx.setNow(at(120_000));
    const last = await api.post(
      `/api/exceptions/${e.id}/cancel`,
      { rbacGroupName: 'Workstations' },
      { user: 'erin@example.com' }
    );
    expect(last).toMatchObject({
      status: 'Canceled',
      canceledOn: at(120_000),
      canceledBy: 'erin@example.com',
      effective: false,
    });
    expect((await api.post(`/api/exceptions/${e.id}/cancel`, undefined, { status: 409 })).error.target).toBe('id');
    await api.post('/api/exceptions/nope/cancel', undefined, { status: 404 });
    const global = await except({ recommendationId: GIT, justification: 'RiskAccepted' });
    expect(
      (await api.post(`/api/exceptions/${global.id}/cancel`, { rbacGroupName: 'Servers' }, { status: 400 })).error
        .target
    ).toBe('rbacGroupName');
    expect(await api.post(`/api/exceptions/${global.id}/cancel`, {})).toMatchObject({ status: 'Canceled' });

    const audit = (await api.get(`/api/audit?$filter=entityId eq '${e.id}'`)).value;
    expect(audit.map((a: { time: string; actor: string; action: string }) => [a.time, a.actor, a.action])).toEqual([
      [at(120_000), 'erin@example.com', 'ExceptionCanceled'],
      [at(60_000), 'erin@example.com', 'ExceptionGroupCanceled'],
      [START, 'sec@example.com', 'ExceptionCreated'],
    ]);
    const listed = (await api.get("/api/exceptions?$filter=status eq 'Canceled'")).value;
    expect(listed.map((x: { id: string }) => x.id).sort()).toEqual([e.id, global.id].sort());
  });

  it('expiry exactly at the boundary: in effect at expiresOn − 1 ms, expired at expiresOn, without a new report', async () => {
    const unmitigatedAtStart = (await api.get('/api/exposureScore')).score;
    const expiresOn = at(DAY);
    const e = await except({
      recommendationId: GIT,
      justification: 'ThirdPartyControl',
      expiresOn,
      expiresIn: undefined,
    });
    expect(e.expiresOn).toBe(expiresOn);
    const mitigatedScore = (await api.get('/api/exposureScore')).score;
    expect(mitigatedScore).toBeLessThan(unmitigatedAtStart);

    ctx.setNow(at(-1, expiresOn));
    expect(await api.get(`/api/exceptions/${e.id}`)).toMatchObject({ status: 'InEffect', effective: true });
    expect(await api.get(`/api/recommendations/${GIT}`)).toMatchObject({
      status: 'Exception',
      exposedMachinesCountAfterExceptions: 0,
      exposureImpactAfterExceptions: 0,
    });
    expect((await api.get('/api/exposureScore')).score).toBe(mitigatedScore);
    expect((await api.get(`/api/events?from=${START}&type=ExceptionExpired`)).value).toEqual([]);

    ctx.setNow(expiresOn);
    expect(await api.get(`/api/exceptions/${e.id}`)).toMatchObject({ status: 'Expired', effective: false });
    const gitNow = await api.get(`/api/recommendations/${GIT}`);
    expect(gitNow).toMatchObject({ status: 'Active', statusDetail: 'Active', exposedMachinesCountAfterExceptions: 2 });
    expect(gitNow.exposureImpactAfterExceptions).toBe(gitNow.exposureImpact);
    // The score is the one of the same fleet without any exception, at the same instant.
    const twin = await fleet();
    try {
      await refreshScores(twin.db, twin.settings, expiresOn);
      const twinView = { q: twin.db, now: expiresOn, cfg: twin.settings.scoring, checks: twin.settings.checks };
      expect((await api.get('/api/exposureScore')).score).toBe((await exposureScore(twinView, ORG)).score);
    } finally {
      await twin.db.close();
    }
    for (const d of (await deviceScores()).values()) {
      expect(d.score).toBe(d.raw);
    }
    const events = (await api.get(`/api/events?from=${START}&type=ExceptionExpired`)).value;
    expect(events).toEqual([
      expect.objectContaining({ time: expiresOn, type: 'ExceptionExpired', originallyImpactedDevices: 2 }),
    ]);
    expect(events[0].detail).toMatchObject({ exceptionId: e.id, expiresOn });
    const audit = (await api.get(`/api/audit?$filter=entityId eq '${e.id}' and action eq 'ExceptionExpired'`)).value;
    expect(audit).toEqual([expect.objectContaining({ time: expiresOn, actor: 'system' })]);
    // Expired: it can no longer be cancelled, and a new one may be created.
    await api.post(`/api/exceptions/${e.id}/cancel`, undefined, { status: 409 });
    await except({ recommendationId: GIT, justification: 'RiskAccepted' });
  });

  it('expiry without any read: the hourly refresh applies it, and so does any device report', async () => {
    const e = await except({ recommendationId: GIT, justification: 'AlternateMitigation', expiresIn: '30d' });
    const expiresOn = e.expiresOn;
    // The hourly refresh at the expiry instant.
    await refreshScores(ctx.db, ctx.settings, at(-1, expiresOn));
    let srv = (await deviceScores()).get('srv-001');
    expect(srv?.score).toBeLessThan(srv?.raw ?? 0);
    await refreshScores(ctx.db, ctx.settings, expiresOn);
    srv = (await deviceScores()).get('srv-001');
    expect(srv?.score).toBe(srv?.raw);
    expect(await ctx.db.get('SELECT expiry_processed_on FROM risk_exception WHERE id = ?', [e.id])).toEqual({
      expiry_processed_on: expiresOn,
    });

    // A report of an unrelated device after an expiry re-scores every device, not just its own.
    ctx.setNow(expiresOn);
    const other = await except({ cveId: 'CVE-2025-48384', justification: 'ThirdPartyControl', expiresIn: '60d' });
    const due = other.expiresOn;
    srv = (await deviceScores()).get('srv-001');
    expect(srv?.score).toBeLessThan(srv?.raw ?? 0);
    await reportAgain(ctx, 'fin-001', due, (s) => s);
    srv = (await deviceScores()).get('srv-001');
    expect(srv?.score).toBe(srv?.raw);
  });

  it('resurfaces an exception when the exposure of its recommendation worsens', async () => {
    const accepted = await except({ recommendationId: CHROME, justification: 'RiskAccepted' });
    const mitigated = await except({
      recommendationId: GIT,
      justification: 'ThirdPartyControl',
      rbacGroupNames: ['Servers'],
    });
    // No worse: the same devices report again.
    ctx.setNow(at(3600_000));
    await reportAgain(ctx, 'ws-001', at(3600_000), (s) => s);
    expect((await api.get(`/api/exceptions/${accepted.id}`)).status).toBe('InEffect');

    // A new Workstations device runs a vulnerable Chrome: 4 exposed devices, 3 when accepted.
    ctx.setNow(at(2 * 3600_000));
    const newcomer: DeviceSpec = { id: 'ws-005', group: 'Workstations', software: [chrome('120.0.6099.109')] };
    await ingestDeviceReports(
      ctx.db,
      [reportOf(newcomer, 'ws-005-r1', at(2 * 3600_000))],
      ctx.rules,
      at(2 * 3600_000),
      ctx.settings
    );
    expect(await api.get(`/api/exceptions/${accepted.id}`)).toMatchObject({
      status: 'Resurfaced',
      resurfacedOn: at(2 * 3600_000),
      effective: false,
    });
    expect((await rec(CHROME)).statusDetail).toBe('Active');
    // A Finance device with Git does not worsen an exception scoped to Servers.
    ctx.setNow(at(3 * 3600_000));
    const finGit: DeviceSpec = { id: 'fin-002', group: 'Finance', software: [git('2.43.0')] };
    await ingestDeviceReports(
      ctx.db,
      [reportOf(finGit, 'fin-002-r1', at(3 * 3600_000))],
      ctx.rules,
      at(3 * 3600_000),
      ctx.settings
    );
    expect((await api.get(`/api/exceptions/${mitigated.id}`)).status).toBe('InEffect');
    // A second Servers device with Git does: the mitigation stops counting at once.
    ctx.setNow(at(4 * 3600_000));
    const srvGit: DeviceSpec = { id: 'srv-003', group: 'Servers', os: 'Linux', software: [git('2.43.0')] };
    await ingestDeviceReports(
      ctx.db,
      [reportOf(srvGit, 'srv-003-r1', at(4 * 3600_000))],
      ctx.rules,
      at(4 * 3600_000),
      ctx.settings
    );
    expect((await api.get(`/api/exceptions/${mitigated.id}`)).status).toBe('Resurfaced');
    const srv = (await deviceScores()).get('srv-001');
    expect(srv?.score).toBe(srv?.raw);
    const events = (await api.get(`/api/events?from=${START}&type=ExceptionResurfaced`)).value;
    expect(events.map((x: { title: string }) => x.title)).toEqual([
      `Exception for Update Git to 2.45.4 or later resurfaced: exposed devices rose from 1 to 2`,
      `Exception for Update Google Chrome to 124.0.6367.201 or later resurfaced: exposed devices rose from 3 to 4`,
    ]);
    const audit = (await api.get("/api/audit?$filter=action eq 'ExceptionResurfaced'")).value;
    expect(audit.map((a: { actor: string; entityId: string }) => [a.actor, a.entityId])).toEqual([
      ['system', mitigated.id],
      ['system', accepted.id],
    ]);
    // Resurfaced: it can no longer be cancelled, and the groups are free for a new decision.
    await api.post(`/api/exceptions/${accepted.id}/cancel`, undefined, { status: 409 });
    await except({ recommendationId: CHROME, justification: 'RiskAccepted' });
  });

  it('rejects invalid exceptions with a 400 naming the field, and stores nothing', async () => {
    const before = await storeFingerprint(ctx);
    const bad = async (body: object, target: string) => {
      const res = await request(app).post('/api/exceptions').send(body);
      expect({ body, status: res.status, target: res.body.error?.target }).toEqual({ body, status: 400, target });
    };
    const base = { recommendationId: GIT, justification: 'RiskAccepted', expiresIn: '30d' };
    await bad({ ...base, cveId: 'CVE-2025-48384' }, 'recommendationId');
    await bad({ justification: 'RiskAccepted', expiresIn: '30d' }, 'recommendationId');
    await bad({ ...base, justification: 'BecauseISaidSo' }, 'justification');
    await bad({ ...base, recommendationId: 'va-_-nobody-_-nothing' }, 'recommendationId');
    await bad({ cveId: 'CVE-1999-0001', justification: 'RiskAccepted', expiresIn: '30d' }, 'cveId');
    await bad({ ...base, expiresIn: '2w' }, 'expiresIn');
    await bad({ ...base, expiresIn: undefined }, 'expiresOn');
    await bad({ ...base, expiresOn: '2027-01-01' }, 'expiresOn');
    await bad({ ...base, expiresIn: undefined, expiresOn: at(-1) }, 'expiresOn');
    await bad({ ...base, expiresIn: undefined, expiresOn: START }, 'expiresOn');
    await bad({ ...base, expiresIn: undefined, expiresOn: at(3 * 365 * DAY) }, 'expiresOn');
    await bad({ ...base, rbacGroupNames: ['Nope'] }, 'rbacGroupNames[0]');
    await bad({ ...base, rbacGroupNames: [] }, 'rbacGroupNames');
    await bad({ ...base, scope: 'Global', rbacGroupNames: ['Servers'] }, 'rbacGroupNames');
    await bad({ ...base, scope: 'Everywhere' }, 'scope');
    await bad({ ...base, context: 'x'.repeat(4001) }, 'context');
    expect(await storeFingerprint(ctx)).toEqual(before);
  });

  it('exports exceptions to CSV, read back as a spreadsheet reads it', async () => {
    const context = 'Ünïcödé, "quotes"\nnew line — WAF rule 942100';
    const e = await except({
      recommendationId: CHROME,
      justification: 'ThirdPartyControl',
      context,
      rbacGroupNames: ['Finance', 'Workstations'],
    });
    await api.post(`/api/exceptions/${e.id}/cancel`, { rbacGroupName: 'Finance' });
    await except({ cveId: 'CVE-2021-41773', justification: 'NoSecurityUpdate', context: '@risk accepted by CISO' });
    const res = await api.getText('/api/exceptions/export.csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="exceptions-2026-11-20.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.toString('utf8').slice(1)).map((r) => r.fields);
    const header = rows[0];
    expect(header).toEqual([
      'Id',
      'Type',
      'Recommendation',
      'CVE',
      'Title',
      'Justification',
      'Context',
      'Scope',
      'Device groups',
      'Status',
      'Suspended',
      'Score effect',
      'Created by',
      'Created on',
      'Expires on',
      'Canceled by',
      'Canceled on',
      'Resurfaced on',
    ]);
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
    expect(byId.get(e.id)).toMatchObject({
      Type: 'Recommendation',
      Recommendation: CHROME,
      Justification: 'ThirdPartyControl',
      Context: context,
      Scope: 'Groups',
      'Device groups': 'Finance (cancelled); Workstations',
      Status: 'InEffect',
      'Score effect': 'Mitigated',
      'Created by': 'sec@example.com',
    });
    const cve = [...byId.values()].find((r) => r.CVE === 'CVE-2021-41773');
    expect(cve).toMatchObject({
      Context: "'@risk accepted by CISO",
      'Device groups': 'All device groups, current and future',
    });
    const onlyCve = parseCsv(
      (await api.getText("/api/exceptions/export.csv?$filter=justification eq 'NoSecurityUpdate'")).body
        .toString('utf8')
        .slice(1)
    );
    expect(onlyCve).toHaveLength(2);
  });
});
