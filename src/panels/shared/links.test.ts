import type { ScopedVars } from '@grafana/data';
import { buildDrilldownUrl, hrefFor, isInternalUrl } from './links';

/** A stand-in for Grafana's interpolation: dashboard variables from a map, scoped variables first. */
function interpolator(vars: Record<string, string>) {
  const calls: Array<{ value: string; scoped?: ScopedVars }> = [];
  const fn = (value: string, scoped?: ScopedVars) => {
    calls.push({ value, scoped });
    return value.replace(/\$\{([^}:]+)(?::([^}]+))?\}/g, (_m, name: string, format?: string) => {
      const v = scoped?.[name]?.value ?? vars[name];
      if (v === undefined) {
        return format === 'queryparam' ? '' : _m;
      }
      return format === 'queryparam' ? `var-${name}=${encodeURIComponent(String(v))}` : String(v);
    });
  };
  return { fn, calls };
}

describe('buildDrilldownUrl', () => {
  it('fills the panel placeholder, URL-encoded, before dashboard variables', () => {
    const { fn } = interpolator({ group: 'Servers', __url_time_range: 'from=now-7d&to=now', category: 'Network' });
    const url = buildDrilldownUrl(
      '/d/tvm-recommendations/x?var-category=${category}&${group:queryparam}&${__url_time_range}',
      fn,
      { category: 'Security controls' }
    );
    expect(url).toBe('/d/tvm-recommendations/x?var-category=Security%20controls&var-group=Servers&from=now-7d&to=now');
  });

  it('passes placeholders as scoped variables so other formats work too', () => {
    const { fn, calls } = interpolator({});
    expect(buildDrilldownUrl('/d/x?${level:queryparam}', fn, { level: 'High' })).toBe('/d/x?var-level=High');
    expect(calls[0].scoped).toEqual({ level: { text: 'High', value: 'High' } });
  });

  it('drops the empty parameters a missing variable leaves behind', () => {
    const { fn } = interpolator({});
    expect(buildDrilldownUrl('/d/x?${group:queryparam}&a=1&&${other:queryparam}#top', fn)).toBe('/d/x?a=1#top');
    expect(buildDrilldownUrl('/d/x?${group:queryparam}', fn)).toBe('/d/x');
  });

  it('refuses empty and script URLs', () => {
    const { fn } = interpolator({});
    expect(buildDrilldownUrl('   ', fn)).toBeUndefined();
    expect(buildDrilldownUrl('javascript:alert(1)', fn)).toBeUndefined();
  });

  it('keeps absolute URLs', () => {
    const { fn } = interpolator({});
    expect(buildDrilldownUrl('https://example.com/tvm?x=1', fn)).toBe('https://example.com/tvm?x=1');
  });
});

describe('isInternalUrl / hrefFor', () => {
  it('tells Grafana paths from other sites', () => {
    expect(isInternalUrl('/d/tvm-devices')).toBe(true);
    expect(isInternalUrl('//evil.example/d')).toBe(false);
    expect(isInternalUrl('https://example.com')).toBe(false);
    expect(hrefFor('https://example.com')).toBe('https://example.com');
    expect(hrefFor('/d/tvm-devices')).toBe('/d/tvm-devices');
  });
});
