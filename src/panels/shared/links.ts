import { type InterpolateFunction, type ScopedVars, locationUtil, textUtil } from '@grafana/data';

/**
 * Builds a drill-down URL from a panel option. Panel-provided placeholders (`${category}`, `${level}`) are
 * replaced first, URL-encoded, so the clicked bar or slice wins over a dashboard variable of the same name;
 * they are also passed as scoped variables, so formats such as `${level:queryparam}` work. Dashboard variables
 * (`${group:queryparam}`) and `${__url_time_range}` are then interpolated by Grafana.
 * The result is sanitized: a `javascript:` URL typed into an option must not become a link.
 */
export function buildDrilldownUrl(
  template: string,
  replaceVariables: InterpolateFunction,
  placeholders: Record<string, string> = {}
): string | undefined {
  let url = template.trim();
  if (url === '') {
    return undefined;
  }
  const scopedVars: ScopedVars = {};
  for (const [name, value] of Object.entries(placeholders)) {
    url = url.split('${' + name + '}').join(encodeURIComponent(value));
    scopedVars[name] = { text: value, value };
  }
  // Tidy first: the sanitizer reads "&#" as the start of an HTML entity.
  url = tidyQuery(replaceVariables(url, scopedVars));
  const safe = textUtil.sanitizeUrl(url);
  return safe === '' || safe === 'about:blank' ? undefined : safe;
}

/**
 * A variable that interpolates to nothing (`${group:queryparam}` with no group variable on the dashboard)
 * leaves `&&` or a trailing `&` behind; drop the empty parameters so the URL stays clean.
 */
function tidyQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) {
    return url;
  }
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const tail = hash < 0 ? '' : url.slice(hash);
  const params = query.split('&').filter((part) => part !== '');
  return url.slice(0, q) + (params.length ? `?${params.join('&')}` : '') + tail;
}

/** A URL inside this Grafana: a path, not a protocol-relative `//host` or absolute `https://` URL. */
export function isInternalUrl(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

/** The href an `<a>` needs: Grafana's sub-path (`root_url`) in front of internal paths. */
export function hrefFor(url: string): string {
  return isInternalUrl(url) ? locationUtil.assureBaseUrl(url) : url;
}
