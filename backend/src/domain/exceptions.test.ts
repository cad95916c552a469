import {
  activeGroups,
  coversGroup,
  effectiveCoverage,
  exceptionStatus,
  EXPIRY_PRESETS,
  findConflicts,
  groupStatus,
  isMitigating,
  JUSTIFICATIONS,
  MAX_EXCEPTION_DAYS,
  parseInstant,
  planCancel,
  recommendationExceptionStatus,
  resolveExceptionScope,
  resolveExpiry,
  shouldResurface,
  suspendingGlobal,
  type Coverage,
  type ExceptionState,
} from './exceptions';

const NOW = '2026-11-20T12:00:00.000Z';
const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta).toISOString();
const DAY = 86400_000;

function exc(over: Partial<ExceptionState> = {}): ExceptionState {
  return {
    id: 'e1',
    target: { kind: 'Recommendation', key: 'va-_-google-_-chrome' },
    justification: 'RiskAccepted',
    scope: 'Global',
    groups: [],
    createdOn: NOW,
    expiresOn: ms(NOW, 30 * DAY),
    canceledOn: null,
    resurfacedOn: null,
    ...over,
  };
}

const groupExc = (id: string, groups: string[], over: Partial<ExceptionState> = {}) =>
  exc({ id, scope: 'Groups', groups: groups.map((name) => ({ name, canceledOn: null })), ...over });

describe('justifications', () => {
  it('only third party control and alternate mitigation count as mitigated', () => {
    expect(JUSTIFICATIONS.filter(isMitigating)).toEqual(['ThirdPartyControl', 'AlternateMitigation']);
  });
});

describe('exceptionStatus', () => {
  it('is in effect until expiresOn, exclusive, and expired from it on', () => {
    const e = exc();
    expect(exceptionStatus(e, NOW)).toBe('InEffect');
    expect(exceptionStatus(e, ms(e.expiresOn, -1))).toBe('InEffect');
    expect(exceptionStatus(e, e.expiresOn)).toBe('Expired');
    expect(exceptionStatus(e, ms(e.expiresOn, 1))).toBe('Expired');
  });

  it('is cancelled from the cancel instant on, even after its expiry', () => {
    const e = exc({ canceledOn: ms(NOW, DAY) });
    expect(exceptionStatus(e, ms(NOW, DAY - 1))).toBe('InEffect');
    expect(exceptionStatus(e, ms(NOW, DAY))).toBe('Canceled');
    expect(exceptionStatus(e, ms(NOW, 365 * DAY))).toBe('Canceled');
  });

  it('is resurfaced from the resurfacing instant on; cancelled wins over resurfaced', () => {
    const e = exc({ resurfacedOn: ms(NOW, DAY) });
    expect(exceptionStatus(e, ms(NOW, DAY - 1))).toBe('InEffect');
    expect(exceptionStatus(e, ms(NOW, DAY))).toBe('Resurfaced');
    expect(exceptionStatus(e, ms(NOW, 60 * DAY))).toBe('Resurfaced');
    expect(exceptionStatus({ ...e, canceledOn: ms(NOW, 2 * DAY) }, ms(NOW, 3 * DAY))).toBe('Canceled');
  });

  it('a group exception whose every group is cancelled is cancelled', () => {
    const e = groupExc('g', ['A', 'B'], {
      groups: [
        { name: 'A', canceledOn: ms(NOW, DAY) },
        { name: 'B', canceledOn: ms(NOW, 2 * DAY) },
      ],
    });
    expect(exceptionStatus(e, ms(NOW, DAY))).toBe('InEffect');
    expect(activeGroups(e, ms(NOW, DAY))).toEqual(['B']);
    expect(exceptionStatus(e, ms(NOW, 2 * DAY))).toBe('Canceled');
    expect(activeGroups(e, ms(NOW, 2 * DAY))).toEqual([]);
  });

  it('groupStatus: the group is cancelled on its own, otherwise follows the exception; null if not covered', () => {
    const e = groupExc('g', ['A', 'B'], {
      groups: [
        { name: 'A', canceledOn: NOW },
        { name: 'B', canceledOn: null },
      ],
    });
    expect(groupStatus(e, 'A', NOW)).toBe('Canceled');
    expect(groupStatus(e, 'B', NOW)).toBe('InEffect');
    expect(groupStatus(e, 'B', e.expiresOn)).toBe('Expired');
    expect(groupStatus(e, 'C', NOW)).toBeNull();
  });
});

describe('the global-over-group suspension rule', () => {
  const global = exc({ id: 'global', justification: 'RiskAccepted' });
  const group = groupExc('group', ['Servers'], { justification: 'ThirdPartyControl' });

  it('an in-effect global exception suspends group exceptions of the same target, whichever came first', () => {
    expect(suspendingGlobal(group, [group, global], NOW)?.id).toBe('global');
    const older = { ...global, createdOn: ms(NOW, -DAY) };
    const newer = { ...group, createdOn: ms(NOW, DAY) };
    expect(suspendingGlobal(newer, [older, newer], ms(NOW, DAY))?.id).toBe('global');
  });

  it('only while the global one is in effect: not once it expired, was cancelled or resurfaced', () => {
    expect(suspendingGlobal(group, [group, { ...global, expiresOn: NOW }], NOW)).toBeUndefined();
    expect(suspendingGlobal(group, [group, { ...global, canceledOn: NOW }], NOW)).toBeUndefined();
    expect(suspendingGlobal(group, [group, { ...global, resurfacedOn: NOW }], NOW)).toBeUndefined();
  });

  it('never across targets, never a global exception, never by a group exception', () => {
    const other = { ...global, target: { kind: 'Recommendation' as const, key: 'va-_-git-scm-_-git' } };
    expect(suspendingGlobal(group, [group, other], NOW)).toBeUndefined();
    const cveGlobal = { ...global, target: { kind: 'Cve' as const, key: 'va-_-google-_-chrome' } };
    expect(suspendingGlobal(group, [group, cveGlobal], NOW)).toBeUndefined();
    expect(suspendingGlobal(global, [group, global, { ...global, id: 'g2' }], NOW)).toBeUndefined();
    expect(suspendingGlobal(group, [group, groupExc('group2', ['Servers'])], NOW)).toBeUndefined();
  });

  it('target keys compare case-insensitively', () => {
    const upper = { ...global, target: { kind: 'Recommendation' as const, key: 'VA-_-GOOGLE-_-CHROME' } };
    expect(suspendingGlobal(group, [group, upper], NOW)?.id).toBe('global');
  });

  it('effectiveCoverage drops suspended, expired, cancelled and resurfaced exceptions, and cancelled groups', () => {
    expect(effectiveCoverage([group], NOW)).toEqual([
      { exceptionId: 'group', target: group.target, justification: 'ThirdPartyControl', groups: ['Servers'] },
    ]);
    expect(effectiveCoverage([group, global], NOW).map((c) => c.exceptionId)).toEqual(['global']);
    expect(effectiveCoverage([group, global], global.expiresOn).map((c) => c.exceptionId)).toEqual([]);
    expect(effectiveCoverage([group, { ...global, expiresOn: ms(NOW, DAY) }], ms(NOW, DAY))).toHaveLength(1);
    const partly = groupExc('p', ['A', 'B'], {
      groups: [
        { name: 'A', canceledOn: NOW },
        { name: 'B', canceledOn: null },
      ],
    });
    expect(effectiveCoverage([partly], NOW)[0].groups).toEqual(['B']);
    expect(effectiveCoverage([{ ...partly, resurfacedOn: NOW }], NOW)).toEqual([]);
  });
});

describe('coverage and the recommendation status', () => {
  const c = (groups: string[] | null): Coverage => ({
    exceptionId: 'x',
    target: { kind: 'Recommendation', key: 'r' },
    justification: 'RiskAccepted',
    groups,
  });

  it('a global exception covers every group, future ones included; a group one only its groups', () => {
    expect(coversGroup(c(null), 'Anything')).toBe(true);
    expect(coversGroup(c(null), '')).toBe(true);
    expect(coversGroup(c(['A']), 'A')).toBe(true);
    expect(coversGroup(c(['A']), 'B')).toBe(false);
  });

  it('Active / Partial exception / Full exception', () => {
    expect(recommendationExceptionStatus(['A', 'B'], [])).toBe('Active');
    expect(recommendationExceptionStatus(['A', 'B'], [c(['C'])])).toBe('Active');
    expect(recommendationExceptionStatus(['A', 'B'], [c(['A'])])).toBe('PartialException');
    expect(recommendationExceptionStatus(['A', 'B'], [c(['A']), c(['B'])])).toBe('FullException');
    expect(recommendationExceptionStatus(['A', 'B'], [c(['A', 'B', 'C'])])).toBe('FullException');
    expect(recommendationExceptionStatus(['A', 'B', 'New'], [c(['A', 'B'])])).toBe('PartialException');
    expect(recommendationExceptionStatus(['A', 'B', 'New'], [c(null)])).toBe('FullException');
    expect(recommendationExceptionStatus([], [c(null)])).toBe('FullException');
    expect(recommendationExceptionStatus([], [c(['A'])])).toBe('Active');
  });
});

describe('resolveExceptionScope', () => {
  const groups = ['Workstations', 'Servers', 'Finance'];

  it('no groups means global (DESIGN: absent = global)', () => {
    expect(resolveExceptionScope({}, groups)).toEqual({ ok: true, scope: 'Global', groups: [] });
    expect(resolveExceptionScope({ scope: 'Global' }, [])).toEqual({ ok: true, scope: 'Global', groups: [] });
  });

  it('AllCurrentGroups snapshots the groups that exist now, sorted and unique', () => {
    expect(resolveExceptionScope({ scope: 'AllCurrentGroups' }, [...groups, 'Servers'])).toEqual({
      ok: true,
      scope: 'AllCurrentGroups',
      groups: ['Finance', 'Servers', 'Workstations'],
    });
    expect(resolveExceptionScope({ scope: 'AllCurrentGroups' }, [])).toMatchObject({ ok: false, field: 'scope' });
  });

  it('selected groups must exist; duplicates collapse', () => {
    expect(resolveExceptionScope({ rbacGroupNames: ['Servers', 'Finance', 'Servers'] }, groups)).toEqual({
      ok: true,
      scope: 'Groups',
      groups: ['Finance', 'Servers'],
    });
    expect(resolveExceptionScope({ rbacGroupNames: ['Servers', 'Lab'] }, groups)).toMatchObject({
      ok: false,
      status: 400,
      field: 'rbacGroupNames[1]',
    });
    expect(resolveExceptionScope({ rbacGroupNames: [] }, groups)).toMatchObject({ ok: false, field: 'rbacGroupNames' });
    expect(resolveExceptionScope({ scope: 'Groups' }, groups)).toMatchObject({ ok: false, field: 'rbacGroupNames' });
  });

  it('a global or all-groups scope takes no group list', () => {
    expect(resolveExceptionScope({ scope: 'Global', rbacGroupNames: ['Servers'] }, groups)).toMatchObject({
      ok: false,
      field: 'rbacGroupNames',
    });
    expect(resolveExceptionScope({ scope: 'AllCurrentGroups', rbacGroupNames: ['Servers'] }, groups)).toMatchObject({
      ok: false,
      field: 'rbacGroupNames',
    });
  });
});

describe('resolveExpiry', () => {
  it('presets are days from now (1y = 365 days)', () => {
    for (const [preset, days] of Object.entries(EXPIRY_PRESETS)) {
      expect(resolveExpiry({ expiresIn: preset }, NOW)).toEqual({ ok: true, expiresOn: ms(NOW, days * DAY) });
    }
    expect(resolveExpiry({ expiresIn: '2w' }, NOW)).toMatchObject({ ok: false, field: 'expiresIn' });
  });

  it('an explicit date-time is normalised to UTC; a date alone is 00:00 UTC', () => {
    expect(resolveExpiry({ expiresOn: '2027-01-31T10:00:00+02:00' }, NOW)).toEqual({
      ok: true,
      expiresOn: '2027-01-31T08:00:00.000Z',
    });
    expect(resolveExpiry({ expiresOn: '2027-01-31' }, NOW)).toEqual({
      ok: true,
      expiresOn: '2027-01-31T00:00:00.000Z',
    });
  });

  it('must be in the future: now itself is refused, now + 1 ms is accepted', () => {
    expect(resolveExpiry({ expiresOn: NOW }, NOW)).toMatchObject({ ok: false, field: 'expiresOn' });
    expect(resolveExpiry({ expiresOn: ms(NOW, 1) }, NOW)).toEqual({ ok: true, expiresOn: ms(NOW, 1) });
  });

  it('at most two years ahead', () => {
    const max = ms(NOW, MAX_EXCEPTION_DAYS * DAY);
    expect(resolveExpiry({ expiresOn: max }, NOW)).toEqual({ ok: true, expiresOn: max });
    expect(resolveExpiry({ expiresOn: ms(max, 1) }, NOW)).toMatchObject({ ok: false, field: 'expiresOn' });
  });

  it('exactly one of expiresOn and expiresIn; garbage is refused', () => {
    expect(resolveExpiry({}, NOW)).toMatchObject({ ok: false, field: 'expiresOn' });
    expect(resolveExpiry({ expiresOn: '2027-01-01', expiresIn: '30d' }, NOW)).toMatchObject({ ok: false });
    for (const bad of ['tomorrow', '2027-02-30', '2027-01-31T10:00:00', '2027-13-01', '31/01/2027', '']) {
      expect(resolveExpiry({ expiresOn: bad }, NOW)).toMatchObject({ ok: false, field: 'expiresOn' });
    }
  });

  it('parseInstant accepts dates and zoned date-times only', () => {
    expect(parseInstant('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseInstant('2025-02-29')).toBeNull();
    expect(parseInstant('2027-01-31T10:00Z')).toBe(Date.parse('2027-01-31T10:00:00Z'));
    expect(parseInstant('2027-01-31T10:00:00.123456789Z')).toBe(Date.parse('2027-01-31T10:00:00.123Z'));
    expect(parseInstant('2027-01-31T10:00:00')).toBeNull();
  });
});

describe('findConflicts', () => {
  const target = { kind: 'Recommendation' as const, key: 'va-_-google-_-chrome' };

  it('one in-effect global exception per target', () => {
    expect(findConflicts({ target, scope: 'Global', groups: [] }, [exc()], NOW)).toEqual({ ids: ['e1'], groups: [] });
    expect(findConflicts({ target, scope: 'Global', groups: [] }, [exc({ expiresOn: NOW })], NOW)).toBeNull();
    expect(findConflicts({ target, scope: 'Global', groups: [] }, [exc({ canceledOn: NOW })], NOW)).toBeNull();
  });

  it('one in-effect group exception per (target, group); cancelled groups are free again', () => {
    const existing = groupExc('g', ['A', 'B'], {
      groups: [
        { name: 'A', canceledOn: NOW },
        { name: 'B', canceledOn: null },
      ],
    });
    expect(findConflicts({ target, scope: 'Groups', groups: ['B', 'C'] }, [existing], NOW)).toEqual({
      ids: ['g'],
      groups: ['B'],
    });
    expect(findConflicts({ target, scope: 'Groups', groups: ['A', 'C'] }, [existing], NOW)).toBeNull();
    expect(findConflicts({ target, scope: 'AllCurrentGroups', groups: ['A', 'B'] }, [existing], NOW)?.groups).toEqual([
      'B',
    ]);
  });

  it('global and group exceptions coexist (suspension), and other targets never conflict', () => {
    expect(findConflicts({ target, scope: 'Groups', groups: ['A'] }, [exc()], NOW)).toBeNull();
    expect(findConflicts({ target, scope: 'Global', groups: [] }, [groupExc('g', ['A'])], NOW)).toBeNull();
    const other = { kind: 'Cve' as const, key: 'CVE-2024-4671' };
    expect(findConflicts({ target: other, scope: 'Global', groups: [] }, [exc()], NOW)).toBeNull();
  });
});

describe('planCancel', () => {
  it('cancels a whole exception in effect', () => {
    expect(planCancel(exc(), undefined, NOW)).toEqual({ ok: true, whole: true, group: null });
  });

  it('refuses what is not in effect (409)', () => {
    expect(planCancel(exc({ expiresOn: NOW }), undefined, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(planCancel(exc({ canceledOn: NOW }), undefined, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(planCancel(exc({ resurfacedOn: NOW }), undefined, NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it('cancels one group; the last one cancels the whole exception', () => {
    const e = groupExc('g', ['A', 'B']);
    expect(planCancel(e, 'A', NOW)).toEqual({ ok: true, whole: false, group: 'A' });
    const oneLeft = groupExc('g', ['A', 'B'], {
      groups: [
        { name: 'A', canceledOn: NOW },
        { name: 'B', canceledOn: null },
      ],
    });
    expect(planCancel(oneLeft, 'B', NOW)).toEqual({ ok: true, whole: true, group: 'B' });
    expect(planCancel(oneLeft, 'A', NOW)).toMatchObject({ ok: false, status: 409, field: 'rbacGroupName' });
    expect(planCancel(e, 'C', NOW)).toMatchObject({ ok: false, status: 400, field: 'rbacGroupName' });
  });

  it('a global exception is cancelled only as a whole', () => {
    expect(planCancel(exc(), 'A', NOW)).toMatchObject({ ok: false, status: 400, field: 'rbacGroupName' });
  });
});

describe('shouldResurface', () => {
  const byGroup = (o: Record<string, number>) => new Map(Object.entries(o));

  it('global: when the fleet-wide exposed device count rises above the count at creation', () => {
    const e = { scope: 'Global' as const, baselineExposed: 3, groups: [] };
    expect(shouldResurface(e, { total: 3, byGroup: byGroup({}) }, NOW)).toBe(false);
    expect(shouldResurface(e, { total: 2, byGroup: byGroup({}) }, NOW)).toBe(false);
    expect(shouldResurface(e, { total: 4, byGroup: byGroup({}) }, NOW)).toBe(true);
  });

  it('group-scoped: the sum over its remaining groups against their sum at creation; other groups do not count', () => {
    const e = {
      scope: 'Groups' as const,
      baselineExposed: 3,
      groups: [
        { name: 'A', canceledOn: null, baselineExposed: 2 },
        { name: 'B', canceledOn: null, baselineExposed: 1 },
      ],
    };
    expect(shouldResurface(e, { total: 10, byGroup: byGroup({ A: 2, B: 1, Other: 7 }) }, NOW)).toBe(false);
    expect(shouldResurface(e, { total: 3, byGroup: byGroup({ A: 1, B: 2 }) }, NOW)).toBe(false);
    expect(shouldResurface(e, { total: 4, byGroup: byGroup({ A: 3, B: 1 }) }, NOW)).toBe(true);
    const cancelledB = { ...e, groups: [e.groups[0], { ...e.groups[1], canceledOn: NOW }] };
    expect(shouldResurface(cancelledB, { total: 9, byGroup: byGroup({ A: 2, B: 7 }) }, NOW)).toBe(false);
    expect(shouldResurface(cancelledB, { total: 3, byGroup: byGroup({ A: 3 }) }, NOW)).toBe(true);
  });
});
