import path from 'path';
import type { TimeRange } from '@grafana/data';
import { loadBundled } from './bundleForTest';
import type { HarnessTemplateSrv as TemplateSrv, HarnessVariable } from './templateSrv';

const { ALL_VALUE, createDataFrame, dateTime, FieldType, formatValue, HarnessTemplateSrv } = loadBundled<
  typeof import('./testEntry')
>(path.join(__dirname, 'testEntry.ts'));

const variable = (v: Partial<HarnessVariable> & { name: string }): HarnessVariable => ({
  type: 'query',
  options: [],
  current: { text: '', value: '' },
  ...v,
});

function srv(): TemplateSrv {
  const s = new HarnessTemplateSrv({ timeZone: 'utc', dashboard: { uid: 'tvm-overview', title: 'TVM dashboard' } });
  const groups = [
    { text: 'All', value: ALL_VALUE },
    { text: 'Servers', value: 'Servers' },
    { text: 'Work stations', value: 'Work stations' },
  ];
  s.setVariables([
    variable({
      name: 'group',
      multi: true,
      includeAll: true,
      options: groups,
      current: { text: ['All'], value: [ALL_VALUE] },
    }),
    variable({
      name: 'os',
      multi: true,
      options: groups.slice(1),
      current: { text: ['Servers', 'Work stations'], value: ['Servers', 'Work stations'] },
    }),
    variable({
      name: 'device',
      options: [{ text: 'ws-1.corp', value: 'ws-1' }],
      current: { text: 'ws-1.corp', value: 'ws-1' },
    }),
    variable({
      name: 'sev',
      multi: true,
      includeAll: true,
      allValue: '.*',
      options: [],
      current: { text: 'All', value: ALL_VALUE },
    }),
  ]);
  const range: TimeRange = {
    from: dateTime(Date.parse('2026-01-01T00:00:00Z')),
    to: dateTime(Date.parse('2026-01-31T00:00:00Z')),
    raw: { from: 'now-30d', to: 'now' },
  };
  s.updateTimeRange(range);
  return s;
}

describe('harness template service', () => {
  test('formats single and multi values like Grafana', () => {
    expect(formatValue(['a', 'b'], 'csv')).toBe('a,b');
    expect(formatValue(['a', 'b'], 'pipe')).toBe('a|b');
    expect(formatValue(['a', 'b'], 'glob')).toBe('{a,b}');
    expect(formatValue('a b', 'percentencode')).toBe('a%20b');
    expect(formatValue(['a.b', 'c'], 'regex')).toBe('(a\\.b|c)');
    expect(formatValue(["o'k"], 'sqlstring')).toBe("'o''k'");
    expect(formatValue(['a', 'b'], 'json')).toBe('["a","b"]');
  });

  test('All expands to every option, or to the custom all value', () => {
    const s = srv();
    expect(s.replace('$group', undefined, 'csv')).toBe('Servers,Work stations');
    expect(s.replace('${group:pipe}')).toBe('Servers|Work stations');
    expect(s.replace('${group:text}')).toBe('All');
    expect(s.replace('$sev', undefined, 'csv')).toBe('.*');
  });

  test('queryparam keeps All as $__all and repeats multi values', () => {
    const s = srv();
    expect(s.replace('${group:queryparam}')).toBe('var-group=$__all');
    expect(s.replace('${os:queryparam}')).toBe('var-os=Servers&var-os=Work%20stations');
  });

  test('an explicit format wins over the one the caller passes; unknown names stay as written', () => {
    const s = srv();
    expect(s.replace('${os:csv} $os', undefined, 'pipe')).toBe('Servers,Work stations Servers|Work stations');
    expect(s.replace('$nope and ${nope:csv}')).toBe('$nope and ${nope:csv}');
    expect(s.containsTemplate('x $device')).toBe(true);
    expect(s.containsTemplate('x $nope')).toBe(false);
  });

  test('time macros keep relative ranges in URLs and give milliseconds otherwise', () => {
    const s = srv();
    expect(s.replace('${__url_time_range}')).toBe('from=now-30d&to=now');
    expect(s.replace('$__from')).toBe(String(Date.parse('2026-01-01T00:00:00Z')));
    expect(s.replace('${__to:date:iso}')).toBe('2026-01-31T00:00:00.000Z');
    expect(s.replace('${__dashboard.uid} ${__dashboard}')).toBe('tvm-overview TVM dashboard');
  });

  test('data-link macros read the row of the data context', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'id', type: FieldType.string, values: ['a&b', 'c'] },
        { name: 'score', type: FieldType.number, values: [12, 80] },
      ],
    });
    const scoped = { __dataContext: { value: { frame, field: frame.fields[1], rowIndex: 1, data: [frame] } } };
    const s = srv();
    expect(s.replace('/d/x?var-device=${__data.fields.id}&v=${__value.raw}', scoped, 'percentencode')).toBe(
      '/d/x?var-device=c&v=80'
    );
    const first = { __dataContext: { value: { frame, field: frame.fields[1], rowIndex: 0, data: [frame] } } };
    expect(s.replace('${__data.fields.id}', first, 'percentencode')).toBe('a%26b');
    expect(s.replace('${__data.fields[1]} ${__field.name}', first)).toBe('12 score');
  });
});
