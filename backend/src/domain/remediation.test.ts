import {
  actorFrom,
  allowedRemediationTypes,
  backoffDelay,
  classifyDelivery,
  completedPerWeek,
  isDueSoon,
  isFullyFixed,
  isOverdue,
  isRetained,
  MAX_DUE_DAYS,
  meanTimeToRemediate,
  overlappingGroups,
  parseRetryAfter,
  progressPercent,
  resolveDueOn,
  resolveRemediationType,
  retentionCutoff,
  weekStart,
} from './remediation';

const NOW = '2026-11-20T12:00:00.000Z';
const DAY = 86400_000;
const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString();

describe('remediation types', () => {
  it('per kind of recommendation, the recommendation’s own type first', () => {
    expect(allowedRemediationTypes({ configuration: true, remediationType: 'ConfigurationChange' })).toEqual([
      'ConfigurationChange',
      'AttentionRequired',
    ]);
    expect(allowedRemediationTypes({ configuration: false, remediationType: 'Update' })).toEqual([
      'Update',
      'Uninstall',
      'AttentionRequired',
    ]);
    expect(allowedRemediationTypes({ configuration: false, remediationType: 'Upgrade' })).toEqual([
      'Upgrade',
      'Update',
      'Uninstall',
      'AttentionRequired',
    ]);
    expect(allowedRemediationTypes({ configuration: false, remediationType: 'Uninstall' })).toEqual([
      'Uninstall',
      'AttentionRequired',
    ]);
  });

  it('defaults to the recommendation’s type and refuses the others, saying why', () => {
    const sw = { configuration: false, remediationType: 'Update' as const };
    expect(resolveRemediationType(undefined, sw)).toEqual({ ok: true, type: 'Update' });
    expect(resolveRemediationType('Uninstall', sw)).toEqual({ ok: true, type: 'Uninstall' });
    expect(resolveRemediationType('ConfigurationChange', sw)).toMatchObject({ ok: false, field: 'remediationType' });
    const noFix = resolveRemediationType('Update', { configuration: false, remediationType: 'Uninstall' });
    expect(noFix).toMatchObject({ ok: false, field: 'remediationType' });
    expect(!noFix.ok && noFix.message).toMatch(/no fixed version/);
    expect(
      resolveRemediationType('Update', { configuration: true, remediationType: 'ConfigurationChange' })
    ).toMatchObject({
      ok: false,
    });
  });
});

describe('due dates', () => {
  it('required, future, at most two years ahead; a date alone is 00:00 UTC', () => {
    expect(resolveDueOn('Update', undefined, NOW)).toMatchObject({ ok: false, field: 'dueOn' });
    expect(resolveDueOn('Update', NOW, NOW)).toMatchObject({ ok: false, field: 'dueOn' });
    expect(resolveDueOn('Update', ms(NOW, -1), NOW)).toMatchObject({ ok: false, field: 'dueOn' });
    expect(resolveDueOn('Update', ms(NOW, 1), NOW)).toEqual({ ok: true, dueOn: ms(NOW, 1) });
    expect(resolveDueOn('Uninstall', '2026-12-01', NOW)).toEqual({ ok: true, dueOn: '2026-12-01T00:00:00.000Z' });
    expect(resolveDueOn('ConfigurationChange', '2026-12-01T09:00:00+01:00', NOW)).toEqual({
      ok: true,
      dueOn: '2026-12-01T08:00:00.000Z',
    });
    expect(resolveDueOn('Update', ms(NOW, MAX_DUE_DAYS * DAY), NOW)).toMatchObject({ ok: true });
    expect(resolveDueOn('Update', ms(NOW, MAX_DUE_DAYS * DAY + 1), NOW)).toMatchObject({ ok: false });
    for (const bad of ['next week', '2026-12-01T09:00:00', '2026-02-30', '']) {
      expect(resolveDueOn('Update', bad, NOW)).toMatchObject({ ok: false, field: 'dueOn' });
    }
  });

  it('attention required has no due date, and refuses one', () => {
    expect(resolveDueOn('AttentionRequired', undefined, NOW)).toEqual({ ok: true, dueOn: null });
    expect(resolveDueOn('AttentionRequired', '2026-12-01', NOW)).toMatchObject({ ok: false, field: 'dueOn' });
  });

  it('overdue strictly after the due instant, while active only; never without a due date', () => {
    const due = ms(NOW, DAY);
    expect(isOverdue({ status: 'Active', dueOn: due }, ms(due, -1))).toBe(false);
    expect(isOverdue({ status: 'Active', dueOn: due }, due)).toBe(false);
    expect(isOverdue({ status: 'Active', dueOn: due }, ms(due, 1))).toBe(true);
    expect(isOverdue({ status: 'Completed', dueOn: due }, ms(due, 1))).toBe(false);
    expect(isOverdue({ status: 'Canceled', dueOn: due }, ms(due, 1))).toBe(false);
    expect(isOverdue({ status: 'Active', dueOn: null }, ms(due, 1000 * DAY))).toBe(false);
  });

  it('due soon: active, not overdue, due within the window (inclusive)', () => {
    const t = { status: 'Active' as const, dueOn: ms(NOW, 7 * DAY) };
    expect(isDueSoon(t, NOW, 7)).toBe(true);
    expect(isDueSoon(t, NOW, 6)).toBe(false);
    expect(isDueSoon(t, ms(t.dueOn, 1), 7)).toBe(false);
    expect(isDueSoon({ ...t, status: 'Completed' }, NOW, 7)).toBe(false);
    expect(isDueSoon({ status: 'Active', dueOn: null }, NOW, 7)).toBe(false);
  });
});

describe('progress and completion', () => {
  it('progress is fixed / target, one decimal, capped at 100', () => {
    expect(progressPercent(3, 0)).toBe(0);
    expect(progressPercent(3, 1)).toBe(33.3);
    expect(progressPercent(3, 2)).toBe(66.7);
    expect(progressPercent(3, 3)).toBe(100);
    expect(progressPercent(3, 4)).toBe(100);
    expect(progressPercent(0, 0)).toBe(0);
  });

  it('complete when every target is fixed (and there is a target)', () => {
    expect(isFullyFixed(3, 2)).toBe(false);
    expect(isFullyFixed(3, 3)).toBe(true);
    expect(isFullyFixed(0, 0)).toBe(false);
  });
});

describe('retention', () => {
  it('finished activities are kept for the retention period after their last status change', () => {
    const finished = ms(NOW, -180 * DAY);
    expect(retentionCutoff(NOW, 180)).toBe(finished);
    expect(isRetained({ status: 'Completed', statusLastModifiedOn: finished }, NOW, 180)).toBe(true);
    expect(isRetained({ status: 'Completed', statusLastModifiedOn: ms(finished, -1) }, NOW, 180)).toBe(false);
    expect(isRetained({ status: 'Canceled', statusLastModifiedOn: ms(finished, -1) }, NOW, 180)).toBe(false);
    expect(isRetained({ status: 'Completed', statusLastModifiedOn: ms(finished, -1) }, NOW, 181)).toBe(true);
    expect(isRetained({ status: 'Active', statusLastModifiedOn: ms(NOW, -5000 * DAY) }, NOW, 180)).toBe(true);
  });

  it('overlapping scopes', () => {
    expect(overlappingGroups(['A', 'B', 'B'], ['B', 'C'])).toEqual(['B']);
    expect(overlappingGroups(['A'], ['C'])).toEqual([]);
  });
});

describe('SLA figures', () => {
  it('mean time to remediate per severity, unknown severities pooled, overall weighted by count', () => {
    const m = meanTimeToRemediate([
      { severity: 'Critical', fixed: 2, totalDays: 3 },
      { severity: 'High', fixed: 1, totalDays: 10 },
      { severity: null, fixed: 1, totalDays: 4 },
      { severity: 'NONE', fixed: 1, totalDays: 2 },
    ]);
    expect(m.bySeverity.Critical).toEqual({ fixed: 2, meanDays: 1.5 });
    expect(m.bySeverity.High).toEqual({ fixed: 1, meanDays: 10 });
    expect(m.bySeverity.Medium).toEqual({ fixed: 0, meanDays: null });
    expect(m.bySeverity.Unknown).toEqual({ fixed: 2, meanDays: 3 });
    expect(m.overall).toEqual({ fixed: 5, meanDays: 3.8 });
    expect(meanTimeToRemediate([]).overall).toEqual({ fixed: 0, meanDays: null });
  });

  it('ISO weeks start on Monday 00:00 UTC', () => {
    expect(weekStart('2026-11-20T12:00:00Z')).toBe('2026-11-16T00:00:00.000Z'); // a Friday
    expect(weekStart('2026-11-16T00:00:00Z')).toBe('2026-11-16T00:00:00.000Z'); // the Monday itself
    expect(weekStart('2026-11-22T23:59:59.999Z')).toBe('2026-11-16T00:00:00.000Z'); // the Sunday
    expect(weekStart('2027-01-01T00:00:00Z')).toBe('2026-12-28T00:00:00.000Z'); // across a year
  });

  it('completions per week: oldest first, zeros kept, outside the window ignored', () => {
    const weeks = completedPerWeek(
      [
        '2026-11-20T01:00:00Z',
        '2026-11-16T00:00:00Z',
        '2026-11-15T23:59:59Z',
        '2026-10-01T00:00:00Z',
        '2026-11-27T00:00:00Z',
      ],
      NOW,
      3
    );
    expect(weeks).toEqual([
      { weekStart: '2026-11-02T00:00:00.000Z', completed: 0 },
      { weekStart: '2026-11-09T00:00:00.000Z', completed: 1 },
      { weekStart: '2026-11-16T00:00:00.000Z', completed: 2 },
    ]);
  });
});

describe('webhook retry policy', () => {
  it('2xx delivers; network errors, 408, 425, 429 and 5xx retry; other answers fail for good', () => {
    expect(classifyDelivery(200)).toBe('delivered');
    expect(classifyDelivery(204)).toBe('delivered');
    for (const s of [null, 408, 425, 429, 500, 502, 503, 504]) {
      expect(classifyDelivery(s)).toBe('retry');
    }
    for (const s of [301, 302, 400, 401, 403, 404, 410, 422]) {
      expect(classifyDelivery(s)).toBe('permanent');
    }
  });

  it('exponential backoff, capped; Retry-After wins, capped too', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(backoffDelay(10, 1000, 60_000)).toBe(60_000);
    expect(backoffDelay(1, 1000, 60_000, 5000)).toBe(5000);
    expect(backoffDelay(1, 1000, 60_000, 3_600_000)).toBe(60_000);
    expect(backoffDelay(2, 1000, 60_000, null)).toBe(2000);
  });

  it('Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('actor', () => {
  it('the forwarded user, else the token name, else anonymous; an e-mail address is also the e-mail', () => {
    expect(actorFrom('alice@example.com', 'grafana')).toEqual({
      id: 'alice@example.com',
      email: 'alice@example.com',
      token: 'grafana',
    });
    expect(actorFrom('bob', 'grafana')).toEqual({ id: 'bob', email: null, token: 'grafana' });
    expect(actorFrom(undefined, 'grafana')).toEqual({ id: 'grafana', email: null, token: 'grafana' });
    expect(actorFrom('   ', null)).toEqual({ id: 'anonymous', email: null, token: null });
  });

  it('control characters are dropped and the length capped', () => {
    expect(actorFrom('eve\r\nX-Injected: 1\u0000', null).id).toBe('eveX-Injected: 1');
    expect(actorFrom('x'.repeat(500), null).id).toHaveLength(200);
  });
});
