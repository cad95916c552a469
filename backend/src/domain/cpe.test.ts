import { describeWithSharedData } from '../test-support/sharedData';
import {
  ANY,
  buildTargetCpe,
  compareAttribute,
  cpeMatches,
  escapeCpeValue,
  formatCpe,
  formatCpeAttribute,
  NA,
  normalizeCpeText,
  parseCpe,
  parseCpeResult,
  plainValue,
  quoteCpeValue,
  unescapeCpeValue,
  wildcardMatches,
  type CpeAttribute,
  type ParsedCpe,
} from './cpe';
import { entriesOf, INVALID_CRITERIA, realRecords } from './realNvdRecords.testutil';
import type { ProductIdentity } from './types';

const v = (value: string, extra: Partial<Extract<CpeAttribute, { type: 'VALUE' }>> = {}): CpeAttribute => ({
  type: 'VALUE',
  value,
  ...extra,
});

function mustParse(s: string): ParsedCpe {
  const r = parseCpeResult(s);
  if (!r.ok) {
    throw new Error(`${s}: ${r.error.code} ${r.error.message}`);
  }
  return r.cpe;
}

const identity = (over: Partial<ProductIdentity> = {}): ProductIdentity => ({
  part: 'a',
  vendor: 'mozilla',
  product: 'firefox',
  swEdition: '',
  targetSw: '',
  update: '',
  ...over,
});

describe('parseCpeResult', () => {
  it('parses every component of a formatted string', () => {
    expect(mustParse('cpe:2.3:a:microsoft:office:2007:sp3:*:*:*:*:*:*')).toEqual({
      part: v('a'),
      vendor: v('microsoft'),
      product: v('office'),
      version: v('2007'),
      update: v('sp3'),
      edition: ANY,
      language: ANY,
      swEdition: ANY,
      targetSw: ANY,
      targetHw: ANY,
      other: ANY,
    });
    const ff = mustParse('cpe:2.3:a:mozilla:firefox:*:*:*:*:esr:*:*:*');
    expect(ff.swEdition).toEqual(v('esr'));
    expect(ff.version).toEqual(ANY);
    const na = mustParse('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*');
    expect(na.version).toEqual(NA);
    expect(na.part).toEqual(v('o'));
    const t = mustParse('cpe:2.3:a:netapp:active_iq_unified_manager:-:*:*:*:*:vmware_vsphere:x64:other');
    expect([t.targetSw, t.targetHw, t.other]).toEqual([v('vmware_vsphere'), v('x64'), v('other')]);
    expect(mustParse('cpe:2.3:h:netapp:hci_compute_node:-:*:*:*:*:*:*:*').part).toEqual(v('h'));
  });

  it('unquotes backslash escapes; a quoted : does not split', () => {
    // In the JSON file the backslash is doubled; the JS string holds one.
    const p = mustParse('cpe:2.3:a:netapp:solidfire\\,_enterprise_sds_\\&_hci_storage_node:-:*:*:*:*:*:*:*');
    expect(p.product).toEqual(v('solidfire,_enterprise_sds_&_hci_storage_node'));
    const q = mustParse('cpe:2.3:a:soap\\:\\:lite_project:soap\\:\\:lite:*:*:*:*:*:perl:*:*');
    expect(q.vendor).toEqual(v('soap::lite_project'));
    expect(q.product).toEqual(v('soap::lite'));
    expect(q.targetSw).toEqual(v('perl'));
    expect(mustParse('cpe:2.3:a:x:a\\/b\\(c\\)\\!\\\\:1:*:*:*:*:*:*:*').product).toEqual(v('a/b(c)!\\'));
    expect(mustParse('cpe:2.3:a:x:y:1\\.2:*:*:*:*:*:*:*').version).toEqual(v('1.2'));
    expect(mustParse('cpe:2.3:a:x:\\-:1:*:*:*:*:*:*:*').product).toEqual(v('-'));
    expect(mustParse('cpe:2.3:a:x:\\*:1:*:*:*:*:*:*:*').product).toEqual(v('*'));
    expect(mustParse('cpe:2.3:a:x:c\\+\\+:1:*:*:*:*:*:*:*').product).toEqual(v('c++'));
  });

  it('is case-insensitive (prefix and values, lower-cased)', () => {
    const p = mustParse('CPE:2.3:A:Google:Chrome:124.0.6367.201:*:*:*:*:*:*:*');
    expect([p.part, p.vendor, p.product]).toEqual([v('a'), v('google'), v('chrome')]);
    expect(mustParse('  cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*  ').product).toEqual(v('chrome'));
  });

  it('parses leading and trailing wildcards, keeping quoted ones literal', () => {
    expect(mustParse('cpe:2.3:a:x:*_firmware:*:*:*:*:*:*:*:*').product).toEqual(
      v('_firmware', { leading: { kind: 'any' } })
    );
    expect(mustParse('cpe:2.3:a:x:chrom*:*:*:*:*:*:*:*:*').product).toEqual(v('chrom', { trailing: { kind: 'any' } }));
    expect(mustParse('cpe:2.3:a:x:y:1.2.??:*:*:*:*:*:*:*').version).toEqual(
      v('1.2.', { trailing: { kind: 'one', count: 2 } })
    );
    expect(mustParse('cpe:2.3:a:x:*mid*:*:*:*:*:*:*:*:*').product).toEqual(
      v('mid', { leading: { kind: 'any' }, trailing: { kind: 'any' } })
    );
    expect(mustParse('cpe:2.3:a:x:?:*:*:*:*:*:*:*:*').product).toEqual(v('', { leading: { kind: 'one', count: 1 } }));
    expect(mustParse('cpe:2.3:a:x:\\*lit\\?:*:*:*:*:*:*:*:*').product).toEqual(v('*lit?'));
  });

  it.each([
    [42, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    [undefined, 'NOT_A_STRING'],
    ['', 'BAD_PREFIX'],
    ['cpe:/a:microsoft:office:2007', 'BAD_PREFIX'],
    ['cpe:2.2:a:x:y:*:*:*:*:*:*:*:*', 'BAD_PREFIX'],
    ['a:x:y:*:*:*:*:*:*:*:*', 'BAD_PREFIX'],
    ['cpe:2.3:a:x:y', 'WRONG_COMPONENT_COUNT'],
    ['cpe:2.3:a:x:y:*:*:*:*:*:*:*', 'WRONG_COMPONENT_COUNT'],
    ['cpe:2.3:a:x:y:*:*:*:*:*:*:*:*:*', 'WRONG_COMPONENT_COUNT'],
    [INVALID_CRITERIA, 'WRONG_COMPONENT_COUNT'],
    ['cpe:2.3:a:x::*:*:*:*:*:*:*:*', 'EMPTY_COMPONENT'],
    ['cpe:2.3:a:x:y:*:*:*:*:*:*:*:*\\', 'BAD_ESCAPE'],
    ['cpe:2.3:a:x:y\\\u0001:*:*:*:*:*:*:*:*', 'BAD_ESCAPE'],
    ['cpe:2.3:a:x:two words:*:*:*:*:*:*:*:*', 'INVALID_CHARACTER'],
    ['cpe:2.3:a:x:tab\there:*:*:*:*:*:*:*:*', 'INVALID_CHARACTER'],
    ['cpe:2.3:a:x:y\u0000:*:*:*:*:*:*:*:*', 'INVALID_CHARACTER'],
    ['cpe:2.3:a:x:ch*rome:*:*:*:*:*:*:*:*', 'EMBEDDED_WILDCARD'],
    ['cpe:2.3:a:x:ch?rome:*:*:*:*:*:*:*:*', 'EMBEDDED_WILDCARD'],
    ['cpe:2.3:a:x:**chrome:*:*:*:*:*:*:*:*', 'EMBEDDED_WILDCARD'],
    ['cpe:2.3:a:x:*?chrome:*:*:*:*:*:*:*:*', 'EMBEDDED_WILDCARD'],
    ['cpe:2.3:a:x:**:*:*:*:*:*:*:*:*', 'EMBEDDED_WILDCARD'],
    ['cpe:2.3:x:x:y:*:*:*:*:*:*:*:*', 'BAD_PART'],
    ['cpe:2.3:-:x:y:*:*:*:*:*:*:*:*', 'BAD_PART'],
    ['cpe:2.3:app:x:y:*:*:*:*:*:*:*:*', 'BAD_PART'],
    ['cpe:2.3:a*:x:y:*:*:*:*:*:*:*:*', 'BAD_PART'],
    [`cpe:2.3:a:x:${'y'.repeat(3000)}:*:*:*:*:*:*:*:*`, 'TOO_LONG'],
  ])('refuses %j with %s, without throwing', (input, code) => {
    const r = parseCpeResult(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
    expect(parseCpe(input)).toBeNull();
  });

  it('names the attribute at fault', () => {
    const r = parseCpeResult('cpe:2.3:a:x:y:1:*:*:*:es*r:*:*:*');
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'EMBEDDED_WILDCARD', attribute: 'swEdition' }),
    });
    const p = parseCpeResult('cpe:2.3:q:x:y:1:*:*:*:*:*:*:*');
    expect(p).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_PART', attribute: 'part' }) });
  });

  it('accepts part ANY in a match string', () => {
    expect(mustParse('cpe:2.3:*:x:y:*:*:*:*:*:*:*:*').part).toEqual(ANY);
  });

  it('never throws on random garbage', () => {
    const alphabet = 'cpe:2.3\\*?-_.,&/ aoh:xyz019é';
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rnd() * 60);
      let s = rnd() < 0.5 ? 'cpe:2.3:' : '';
      for (let k = 0; k < len; k++) {
        s += alphabet[Math.floor(rnd() * alphabet.length)];
      }
      expect(() => parseCpeResult(s)).not.toThrow();
      const r = parseCpeResult(s);
      if (r.ok) {
        // Whatever parses formats back to something that parses to the same thing.
        expect(parseCpe(formatCpe(r.cpe))).toEqual(r.cpe);
      }
    }
  });
});

describe('formatCpe / quoting', () => {
  it('formats canonically and round-trips', () => {
    const s = 'cpe:2.3:a:netapp:solidfire\\,_enterprise_sds_\\&_hci_storage_node:-:*:*:*:*:*:*:*';
    expect(formatCpe(mustParse(s))).toBe(s);
    expect(formatCpe(mustParse('CPE:2.3:A:Mozilla:Firefox:*:*:*:*:ESR:*:*:*'))).toBe(
      'cpe:2.3:a:mozilla:firefox:*:*:*:*:esr:*:*:*'
    );
    // Needless quoting is dropped: `\.` is just `.`.
    expect(formatCpe(mustParse('cpe:2.3:a:x:y:1\\.2:*:*:*:*:*:*:*'))).toBe('cpe:2.3:a:x:y:1.2:*:*:*:*:*:*:*');
    expect(formatCpe(mustParse('cpe:2.3:a:x:*_fw:1.2.??:*:*:*:*:*:*:*'))).toBe('cpe:2.3:a:x:*_fw:1.2.??:*:*:*:*:*:*:*');
    expect(formatCpe(mustParse('cpe:2.3:a:x:\\*lit:?:*:*:*:*:*:*:*'))).toBe('cpe:2.3:a:x:\\*lit:?:*:*:*:*:*:*:*');
  });

  it('quotes every character but letters, digits, _ . - (and a lone - becomes \\-)', () => {
    expect(quoteCpeValue('a,b&c/d:e')).toBe('a\\,b\\&c\\/d\\:e');
    expect(quoteCpeValue('1.2-3_x')).toBe('1.2-3_x');
    expect(quoteCpeValue('-')).toBe('\\-');
    expect(quoteCpeValue('*')).toBe('\\*');
    expect(quoteCpeValue('a b')).toBe('a\\ b');
    expect(quoteCpeValue('société')).toBe('société');
    expect(unescapeCpeValue('a\\,b\\&c\\/d\\:e')).toBe('a,b&c/d:e');
    expect(unescapeCpeValue('trailing\\')).toBe('trailing\\');
    for (const s of ['a,b', '-', '*', 'x\\y', 'a b(c)', 'c++', 'société']) {
      expect(unescapeCpeValue(quoteCpeValue(s))).toBe(s);
    }
  });

  it('formats attributes', () => {
    expect(formatCpeAttribute(ANY)).toBe('*');
    expect(formatCpeAttribute(NA)).toBe('-');
    expect(formatCpeAttribute(v('esr'))).toBe('esr');
    expect(formatCpeAttribute(v('', { leading: { kind: 'one', count: 3 } }))).toBe('???');
  });
});

describe('escapeCpeValue (free text → attribute)', () => {
  it.each([
    ['Acrobat Reader DC', 'acrobat_reader_dc'],
    ['  Google   Chrome ', 'google_chrome'],
    ['SolidFire, Enterprise SDS & HCI Storage Node', 'solidfire\\,_enterprise_sds_\\&_hci_storage_node'],
    ['7-Zip', '7-zip'],
    ['Notepad++', 'notepad\\+\\+'],
    ['AT&T', 'at\\&t'],
    ['a:b', 'a\\:b'],
    ['C:\\Program Files', 'c\\:\\\\program_files'],
    ['-', '\\-'],
    ['*', '\\*'],
    ['', '*'],
    ['   ', '*'],
    ['Zoom (64-bit)', 'zoom_\\(64-bit\\)'],
  ])('%j → %j', (text, expected) => {
    expect(escapeCpeValue(text)).toBe(expected);
    // And it is a valid attribute of a formatted string that reads back as the normalised text.
    const p = mustParse(`cpe:2.3:a:x:${expected}:*:*:*:*:*:*:*:*`);
    expect(p.product).toEqual(normalizeCpeText(text) === '' ? ANY : v(normalizeCpeText(text)));
  });
});

describe('buildTargetCpe', () => {
  it('maps an identity and version to a concrete target', () => {
    const t = buildTargetCpe(identity(), '131.0.1');
    expect(t).toEqual({
      part: v('a'),
      vendor: v('mozilla'),
      product: v('firefox'),
      version: v('131.0.1'),
      update: NA,
      edition: ANY,
      language: ANY,
      swEdition: NA,
      targetSw: ANY,
      targetHw: ANY,
      other: ANY,
    });
    expect(formatCpe(t)).toBe('cpe:2.3:a:mozilla:firefox:131.0.1:-:*:*:-:*:*:*');
  });

  it('keeps sw_edition, target_sw and update when given', () => {
    const t = buildTargetCpe(identity({ swEdition: 'ESR', targetSw: 'windows', update: 'sp3' }), '115.16.0');
    expect([t.swEdition, t.targetSw, t.update]).toEqual([v('esr'), v('windows'), v('sp3')]);
  });

  it('unknown / NA version, odd identities', () => {
    expect(buildTargetCpe(identity(), '').version).toEqual(ANY);
    expect(buildTargetCpe(identity(), '   ').version).toEqual(ANY);
    expect(buildTargetCpe(identity(), '*').version).toEqual(ANY);
    expect(buildTargetCpe(identity(), '-').version).toEqual(NA);
    expect(buildTargetCpe(identity(), ' 5.17.5 (31030) ').version).toEqual(v('5.17.5 (31030)'));
    expect(buildTargetCpe(identity({ vendor: '', product: '' }), '1').vendor).toEqual(NA);
    expect(buildTargetCpe(identity({ swEdition: '-', targetSw: '*' }), '1').swEdition).toEqual(NA);
    expect(buildTargetCpe(identity({ vendor: 'Acme Corp' }), '1').vendor).toEqual(v('acme_corp'));
    expect(buildTargetCpe(identity({ part: 'x' as 'a' }), '1').part).toEqual(v('a'));
    expect(buildTargetCpe(identity({ part: 'o', vendor: 'microsoft', product: 'windows' }), '10').part).toEqual(v('o'));
  });

  it('formats to a string that parses back to the same target', () => {
    for (const [id, ver] of [
      [identity({ vendor: 'netapp', product: 'solidfire,_enterprise_sds_&_hci_storage_node' }), '1.0'],
      [identity({ product: 'zoom' }), '5.17.5 (31030)'],
      [identity({ swEdition: 'esr', update: 'sp3', targetSw: 'macos' }), '1:4.5-1ubuntu2'],
    ] as const) {
      const t = buildTargetCpe(id, ver);
      expect(parseCpe(formatCpe(t))).toEqual(t);
    }
  });
});

describe('compareAttribute (NISTIR 7696 table)', () => {
  const lit = v('chrome');
  const wild = v('chrom', { trailing: { kind: 'any' } });
  it.each([
    [ANY, ANY, 'EQUAL'],
    [ANY, NA, 'SUPERSET'],
    [ANY, lit, 'SUPERSET'],
    [NA, ANY, 'SUBSET'],
    [NA, NA, 'EQUAL'],
    [NA, lit, 'DISJOINT'],
    [lit, ANY, 'SUBSET'],
    [lit, NA, 'DISJOINT'],
    [lit, lit, 'EQUAL'],
    [lit, v('chromium'), 'DISJOINT'],
    [wild, lit, 'SUPERSET'],
    [wild, v('chromium'), 'SUPERSET'],
    [wild, v('chro'), 'DISJOINT'],
    [wild, ANY, 'SUBSET'],
    [wild, NA, 'DISJOINT'],
    [lit, wild, 'UNDEFINED'],
    [NA, wild, 'UNDEFINED'],
    [ANY, wild, 'SUPERSET'],
  ] as Array<[CpeAttribute, CpeAttribute, string]>)('%j vs %j → %s', (s, t, rel) => {
    expect(compareAttribute(s, t)).toBe(rel);
  });
});

describe('wildcardMatches', () => {
  const m = (pattern: string, s: string) => {
    const p = mustParse(`cpe:2.3:a:x:${pattern}:*:*:*:*:*:*:*:*`).product;
    if (p.type !== 'VALUE') {
      throw new Error('not a value');
    }
    return wildcardMatches(p, s);
  };
  it.each([
    ['chrom*', 'chrome', true],
    ['chrom*', 'chrom', true],
    ['chrom*', 'chro', false],
    ['*_firmware', 'ilo_firmware', true],
    ['*_firmware', 'firmware', false],
    ['*mid*', 'amidst', true],
    ['*mid*', 'mid', true],
    ['*mid*', 'mi', false],
    ['1.2.?', '1.2.3', true],
    ['1.2.?', '1.2.34', false],
    ['1.2.??', '1.2.34', true],
    ['??x', 'abx', true],
    ['??x', 'ax', false],
    ['??x*', 'abxyz', true],
    ['*x??', 'zzxab', true],
    ['*x??', 'zzxa', false],
    ['?', 'a', true],
    ['?', '', false],
    ['\\*lit', '*lit', true],
  ])('%s ~ %s → %s', (pattern, s, expected) => {
    expect(m(pattern, s)).toBe(expected);
  });
});

describe('cpeMatches (strict name matching)', () => {
  it('needs every attribute SUPERSET or EQUAL', () => {
    const src = mustParse('cpe:2.3:a:mozilla:firefox:*:*:*:*:esr:*:*:*');
    expect(cpeMatches(src, mustParse('cpe:2.3:a:mozilla:firefox:115.16.0:*:*:*:esr:*:*:*'))).toBe(true);
    expect(cpeMatches(src, mustParse('cpe:2.3:a:mozilla:firefox:115.16.0:*:*:*:-:*:*:*'))).toBe(false);
    expect(cpeMatches(src, mustParse('cpe:2.3:a:mozilla:firefox:115.16.0:*:*:*:*:*:*:*'))).toBe(false); // SUBSET
    expect(cpeMatches(mustParse('cpe:2.3:*:*:*:*:*:*:*:*:*:*:*'), mustParse('cpe:2.3:h:x:y:1:*:*:*:*:*:*:*'))).toBe(
      true
    );
    expect(
      cpeMatches(
        mustParse('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*'),
        mustParse('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*')
      )
    ).toBe(true);
    expect(
      cpeMatches(
        mustParse('cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*'),
        mustParse('cpe:2.3:o:microsoft:windows:10:*:*:*:*:*:*:*')
      )
    ).toBe(false);
  });

  it('plainValue exposes concrete values only', () => {
    expect(plainValue(v('x'))).toBe('x');
    expect(plainValue(ANY)).toBeNull();
    expect(plainValue(NA)).toBeNull();
    expect(plainValue(v('x', { trailing: { kind: 'any' } }))).toBeNull();
  });
});

describeWithSharedData('real NVD criteria (every record of nvd-cve-api-2.0 and grype/nvd-testdata)', () => {
  const records = realRecords();

  it('finds both directories of records', () => {
    expect(records.filter((r) => r.file.startsWith('nvd-cve-api-2.0/'))).toHaveLength(13);
    expect(records.filter((r) => r.file.startsWith('grype/')).length).toBeGreaterThanOrEqual(19);
  });

  it('parses every criteria string, except the one documented invalid CPE', () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const r of records) {
      for (const { entry } of entriesOf(r)) {
        const res = parseCpeResult(entry.criteria);
        if (res.ok) {
          parsed++;
          // Canonical formatting is stable and loses nothing.
          expect(parseCpe(formatCpe(res.cpe))).toEqual(res.cpe);
          expect(formatCpe(res.cpe)).toBe(entry.criteria.toLowerCase());
        } else {
          failures.push(`${r.file}: ${entry.criteria} (${res.error.code})`);
        }
      }
    }
    expect(failures).toEqual([`grype/nvd-testdata/invalid_cpe.json: ${INVALID_CRITERIA} (WRONG_COMPONENT_COUNT)`]);
    expect(parsed).toBeGreaterThan(150);
  });

  it('reads the escaped CPE characters of CVE-2022-21449', () => {
    const r = records.find((x) => x.file === 'nvd-cve-api-2.0/CVE-2022-21449.json');
    const products = entriesOf(r!).map(({ entry }) => mustParse(entry.criteria).product);
    expect(products).toContainEqual(v('solidfire,_enterprise_sds_&_hci_storage_node'));
    expect(products).toContainEqual(v('solidfire_&_hci_management_node'));
  });
});
