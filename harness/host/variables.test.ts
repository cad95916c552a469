import path from 'path';
import { loadBundled } from './bundleForTest';
import type { VariableModelJson } from './variables';

const { ALL_VALUE, HarnessTemplateSrv, parseCustomQuery, resolveVariables, sortOptions } = loadBundled<
  typeof import('./testEntry')
>(path.join(__dirname, 'testEntry.ts'));

const groups = [
  { text: 'Workstations', value: 'Workstations' },
  { text: 'finance', value: 'finance' },
  { text: 'Servers', value: 'Servers' },
];

async function resolve(models: VariableModelJson[], search = '') {
  const srv = new HarnessTemplateSrv({ timeZone: 'utc' });
  const queries: unknown[] = [];
  const vars = await resolveVariables(models, new URLSearchParams(search), srv, async (m) => {
    queries.push(srv.replace(JSON.stringify(m.query)));
    return groups;
  });
  return { vars, srv, queries };
}

const group: VariableModelJson = {
  name: 'group',
  type: 'query',
  multi: true,
  includeAll: true,
  sort: 5,
  query: { kind: 'deviceGroups' },
  current: { text: ['All'], value: ['$__all'] },
};

describe('dashboard variables', () => {
  test('query variables get All first, options sorted, the saved All selected', async () => {
    const { vars } = await resolve([group]);
    expect(vars[0].options.map((o) => o.value)).toEqual([ALL_VALUE, 'finance', 'Servers', 'Workstations']);
    expect(vars[0].current.value).toEqual([ALL_VALUE]);
  });

  test('URL values win, repeat for multi values, and are kept even when not an option', async () => {
    const { vars } = await resolve([group], 'var-group=Servers&var-group=Elsewhere');
    expect(vars[0].current.value).toEqual(['Servers', 'Elsewhere']);
  });

  test('later variables see earlier ones; a single-value variable without a saved value takes the first option, in query order without a sort', async () => {
    const device: VariableModelJson = {
      name: 'device',
      type: 'query',
      query: { kind: 'devices', deviceGroup: '$group' },
    };
    const { vars, queries } = await resolve([group, device], 'var-group=Servers');
    expect(queries[1]).toBe('{"kind":"devices","deviceGroup":"Servers"}');
    expect(vars[1].current).toEqual({ text: 'Workstations', value: 'Workstations' });
  });

  test('custom and textbox variables', async () => {
    const { vars } = await resolve(
      [
        { name: 'level', type: 'custom', query: 'None,Low,Medium,High', current: { value: 'Medium', text: 'Medium' } },
        { name: 'cve', type: 'textbox', query: '' },
      ],
      'var-cve=CVE-2024-3094'
    );
    expect(vars[0].current.value).toBe('Medium');
    expect(vars[1].current.value).toBe('CVE-2024-3094');
    expect(parseCustomQuery('a : 1, b\\,c')).toEqual([
      { text: 'a', value: '1' },
      { text: 'b,c', value: 'b,c' },
    ]);
  });

  test('sort orders', () => {
    const opts = ['b10', 'B2', 'a1'].map((t) => ({ text: t, value: t }));
    expect(sortOptions(opts, 1).map((o) => o.text)).toEqual(['B2', 'a1', 'b10']);
    expect(sortOptions(opts, 4).map((o) => o.text)).toEqual(['b10', 'B2', 'a1']);
    expect(sortOptions(opts, 7).map((o) => o.text)).toEqual(['a1', 'B2', 'b10']);
  });
});
