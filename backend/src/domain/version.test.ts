import { compareVersions, hasRangeBounds, isValidVersion, MAX_VERSION_LENGTH, versionInRange } from './version';

const sign = (n: number) => Math.sign(n) + 0;
const neg = (n: number) => 0 - Math.sign(n) + 0;

/** Asserts a strictly increasing chain, pairwise (every i < j), both ways round. */
function expectAscending(chain: string[]) {
  for (let i = 0; i < chain.length; i++) {
    for (let j = i + 1; j < chain.length; j++) {
      expect([chain[i], chain[j], sign(compareVersions(chain[i], chain[j]))]).toEqual([chain[i], chain[j], -1]);
      expect([chain[j], chain[i], sign(compareVersions(chain[j], chain[i]))]).toEqual([chain[j], chain[i], 1]);
    }
  }
}

function expectSame(a: string, b: string) {
  expect([a, b, compareVersions(a, b)]).toEqual([a, b, 0]);
  expect([b, a, compareVersions(b, a)]).toEqual([b, a, 0]);
}

describe('compareVersions', () => {
  it('compares numeric tokens numerically, not as text', () => {
    expectAscending(['1.2', '1.9', '1.10', '1.100', '2']);
    expectAscending(['9', '10', '99', '100']);
    expect(compareVersions('2.43.7', '2.43.10')).toBeLessThan(0);
  });

  it('ignores leading zeros: Adobe zero padding', () => {
    expectSame('22.003.20282', '22.3.20282');
    expectSame('15.008.20082', '15.8.20082');
    expectSame('12.5.3-035', '12.5.3-35');
    expectAscending(['22.003.20281', '22.003.20282', '22.003.20283', '22.3.20284', '23.001.20063']);
  });

  it('treats trailing zero parts as equal', () => {
    expectSame('24.09', '24.09.0.0');
    expectSame('131.0', '131.0.0');
    expectSame('21.4.0.0.0', '21.4');
    expectSame('1', '1.0.0.0.0.0');
    expectSame('0', '0.0');
    expect(compareVersions('24.09.0.1', '24.09')).toBeGreaterThan(0);
    expect(compareVersions('24.08', '24.09.0.0')).toBeLessThan(0);
  });

  it('orders 4-part Chrome versions', () => {
    expectAscending([
      '124.0.6367.9',
      '124.0.6367.118',
      '124.0.6367.200',
      '124.0.6367.201',
      '124.0.6368.0',
      '125.0.6422.60',
    ]);
    expect(compareVersions('120.0.6099.129', '120.0.6099.129')).toBe(0);
  });

  it('orders OpenSSL letter suffixes after the release', () => {
    expectAscending(['1.1.0l', '1.1.1', '1.1.1a', '1.1.1b', '1.1.1k', '1.1.1w', '1.1.2', '3.0.0']);
    expectAscending(['1.0.2z', '1.0.2za', '1.0.2zg', '1.0.3']);
  });

  it('orders Cisco 9.0r1 and OpenSSH 9.3p1 after the release they build on', () => {
    expectAscending(['9.0', '9.0r1', '9.0r2', '9.1']);
    expectSame('9.0r1', '9r1');
    expectAscending(['9.3', '9.3p1', '9.3p2', '9.4']);
  });

  it('orders pre-releases before the release', () => {
    expectAscending(['3.12.0a1', '3.12.0a2', '3.12.0b1', '3.12.0rc1', '3.12.0rc2', '3.12.0', '3.12.1']);
    expectAscending([
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
    expectAscending(['2.0.0-dev', '2.0.0-alpha', '2.0.0-preview1', '2.0.0-rc1', '2.0.0']);
    expectSame('2.0.0-snapshot', '2.0.0-dev');
    expectAscending(['1.0~rc1', '1.0~rc2', '1.0']);
    expectSame('1.0-beta', '1.0.0-beta');
    expectSame('1.0beta1', '1.0-beta-1');
    expectSame('3.12.0alpha1', '3.12.0a1');
    expectSame('1.0.0-rc1', '1.0.0RC1');
    expect(compareVersions('3.12.0rc1', '3.11.9')).toBeGreaterThan(0);
    expect(compareVersions('v2.0.0-beta', 'v1.9.9')).toBeGreaterThan(0);
  });

  it('sorts Debian ~ before everything, even a pre-release word and the end', () => {
    expectAscending(['1.0~~', '1.0~alpha', '1.0~rc1', '1.0', '1.0-1', '1.0a', '1.0.1']);
    expectAscending(['1.0~~', '1.0~', '1.0']);
    expectAscending(['2.2~bpo10', '2.2', '2.2+deb10u1']);
    expect(compareVersions('1.0~rc1', '1.0rc1')).toBeLessThan(0);
  });

  it('compares Debian/RPM epochs first; a missing epoch is 0', () => {
    expect(compareVersions('1:4.5-1ubuntu2', '9.9')).toBeGreaterThan(0);
    expect(compareVersions('1:4.5-1ubuntu2', '2:0.1')).toBeLessThan(0);
    expectSame('0:1.2.3', '1.2.3');
    expectSame('00:1.2.3', '1.2.3');
    expectSame('1:1.2', '01:1.2.0');
    expect(compareVersions('99999999999999999999:1', '99999999999999999998:2')).toBeGreaterThan(0);
  });

  it('orders Debian and RPM revisions after the upstream version they revise', () => {
    expectAscending(['4.5', '4.5-1', '4.5-1ubuntu1', '4.5-1ubuntu2', '4.5-2', '4.5.1']);
    expectAscending(['2.8.14', '2.8.14-23.el6', '2.8.14-23.el6_9', '2.8.14-24.el6', '2.8.15-1.el6']);
    expectSame('4.5-1', '4.5.0-1');
    expect(compareVersions('1:2.8.14-23.el6', '2.8.14-24.el6')).toBeGreaterThan(0);
  });

  it('handles Java, Jabber and Zoom build notations', () => {
    expectAscending(['1.8.0', '1.8.0_202', '1.8.0_381', '1.8.0_401', '1.8.1']);
    expectAscending(['8', '8u202', '8u381', '8u401', '9']);
    expectAscending(['12.9', '12.9(1)', '12.9(3)', '12.9(10)', '12.9.1']);
    expectAscending(['5.17.5', '5.17.5 (31030)', '5.17.5 (31031)', '5.17.6', '5.17.10 (1)']);
  });

  it('handles Cisco dash builds as in NVD ranges', () => {
    expectAscending(['12.5.2', '12.5.3', '12.5.3-034', '12.5.3-035', '12.5.4', '13.0', '13.0.0-030', '13.0.1']);
  });

  it('is case-insensitive and ignores surrounding blanks and a leading v', () => {
    expectSame('1.1.1W', '1.1.1w');
    expectSame('  2.4.49 ', '2.4.49');
    expectSame('v1.2.3', '1.2.3');
    expectSame('V1.2.3', '1.2.3');
    expectSame('1.0-final', '1.0');
    expectSame('1.0.GA', '1.0');
  });

  it('sorts the empty string (and blanks, and non-strings) lowest', () => {
    for (const v of ['0', '~', '-', '...', 'a', '0.0.0.1', '1', 'zzz']) {
      expect([v, compareVersions('', v)]).toEqual([v, -1]);
      expect([v, compareVersions(v, '')]).toEqual([v, 1]);
    }
    expect(compareVersions('', '')).toBe(0);
    expect(compareVersions('   ', '')).toBe(0);
    expect(compareVersions(undefined as unknown as string, '1')).toBe(-1);
    expect(compareVersions(null as unknown as string, undefined as unknown as string)).toBe(0);
    expect(compareVersions(42 as unknown as string, '1')).toBe(-1);
  });

  it('never throws on absurd input and stays fast', () => {
    const absurd = [
      '....',
      '---',
      '~~~',
      ':::',
      '((()))',
      '\u0000\u0001',
      '😀1.2😀',
      'é1.0',
      '1'.repeat(10_000),
      '9.'.repeat(50_000),
      'a-'.repeat(50_000),
      '1:2:3:4',
      ':1',
      '1:',
      '\\',
      '%s%n',
      '1e308',
      'NaN',
      'Infinity',
      '-1',
    ];
    const start = Date.now();
    for (const a of absurd) {
      for (const b of absurd) {
        const r = compareVersions(a, b);
        expect(Number.isInteger(r)).toBe(true);
        expect(sign(r)).toBe(neg(compareVersions(b, a)));
      }
      expect(compareVersions(a, a)).toBe(0);
    }
    expect(Date.now() - start).toBeLessThan(5000);
    expect(compareVersions('1'.repeat(400), '1'.repeat(399))).toBeGreaterThan(0);
  });

  it('is a total preorder on a mixed corpus (antisymmetric, transitive, sort-stable)', () => {
    const corpus = [
      '',
      '0',
      '0.1',
      '1',
      '1.0',
      '1.0.0',
      '1.0~rc1',
      '1.0rc1',
      '1.0-1',
      '1.0a',
      '1.0.1',
      '1.1.1',
      '1.1.1a',
      '1.1.1w',
      '1:0.1',
      '2.8.14-23.el6',
      '3.12.0rc1',
      '3.12.0',
      '9.0r1',
      '12.9(3)',
      '5.17.5 (31030)',
      '1.8.0_381',
      '22.003.20282',
      '22.3.20282',
      '24.09',
      '24.09.0.0',
      '124.0.6367.201',
      'abc',
      '...',
      '~',
      'v1',
      '1.0-beta',
    ];
    for (const a of corpus) {
      for (const b of corpus) {
        const ab = sign(compareVersions(a, b));
        expect(ab).toBe(neg(compareVersions(b, a)));
        for (const c of corpus) {
          const bc = sign(compareVersions(b, c));
          if (ab <= 0 && bc <= 0) {
            expect([a, b, c, sign(compareVersions(a, c)) <= 0]).toEqual([a, b, c, true]);
          }
          if (ab === 0 && bc === 0) {
            expect(compareVersions(a, c)).toBe(0);
          }
        }
      }
    }
    const sorted1 = [...corpus].sort(compareVersions);
    const sorted2 = [...corpus].reverse().sort(compareVersions);
    expect(sorted1.map((v) => sorted2.findIndex((w) => compareVersions(v, w) === 0))).toEqual(
      sorted1.map((_, i) => sorted1.findIndex((w) => compareVersions(sorted1[i], w) === 0))
    );
  });
});

describe('isValidVersion', () => {
  it.each(['1', '2.4.49', '22.003.20282', '1:4.5-1ubuntu2', 'v1', '8u381', '5.17.5 (31030)', 'x'.repeat(127) + '1'])(
    'accepts %s',
    (v) => {
      expect(isValidVersion(v)).toBe(true);
    }
  );

  it.each([
    '',
    '   ',
    '*',
    '-',
    'latest',
    'unknown',
    '...',
    'x'.repeat(MAX_VERSION_LENGTH) + '1',
    '1'.repeat(MAX_VERSION_LENGTH + 1),
  ])('rejects %j', (v) => {
    expect(isValidVersion(v)).toBe(false);
  });

  it('rejects non-strings', () => {
    for (const v of [undefined, null, 1, {}, []]) {
      expect(isValidVersion(v)).toBe(false);
    }
  });

  it('accepts exactly MAX_VERSION_LENGTH characters (blanks around do not count)', () => {
    expect(isValidVersion('1'.repeat(MAX_VERSION_LENGTH))).toBe(true);
    expect(isValidVersion(`  ${'1'.repeat(MAX_VERSION_LENGTH)}  `)).toBe(true);
  });
});

describe('versionInRange', () => {
  it('applies each bound with its inclusiveness', () => {
    const r = { startIncluding: '0.6.18', endExcluding: '1.20.1' };
    expect(versionInRange('0.6.17', r)).toBe(false);
    expect(versionInRange('0.6.18', r)).toBe(true);
    expect(versionInRange('1.20.0', r)).toBe(true);
    expect(versionInRange('1.20.1', r)).toBe(false);
    expect(versionInRange('1.20.1.0', r)).toBe(false);

    const r2 = { startExcluding: '2.0', endIncluding: '2.5' };
    expect(versionInRange('2.0', r2)).toBe(false);
    expect(versionInRange('2.0.0.1', r2)).toBe(true);
    expect(versionInRange('2.5', r2)).toBe(true);
    expect(versionInRange('2.5.0', r2)).toBe(true);
    expect(versionInRange('2.5.1', r2)).toBe(false);
  });

  it('holds every valid version when there is no bound, none that is invalid', () => {
    expect(versionInRange('1', {})).toBe(true);
    expect(versionInRange('', {})).toBe(false);
    expect(versionInRange('*', {})).toBe(false);
    expect(versionInRange('latest', { endExcluding: '9' })).toBe(false);
    expect(versionInRange('1'.repeat(200), {})).toBe(false);
  });

  it('treats blank bounds as absent', () => {
    expect(versionInRange('5', { startIncluding: '', endExcluding: ' ' })).toBe(true);
    expect(hasRangeBounds({ startIncluding: '', endExcluding: ' ' })).toBe(false);
    expect(hasRangeBounds({ endIncluding: '1' })).toBe(true);
    expect(hasRangeBounds({})).toBe(false);
  });

  it('uses the full comparison (zero padding, trailing zeros, pre-releases)', () => {
    expect(versionInRange('22.3.20282', { startIncluding: '15.008.20082', endIncluding: '22.003.20282' })).toBe(true);
    expect(versionInRange('24.09.0.0', { endExcluding: '24.09' })).toBe(false);
    expect(versionInRange('24.09.0.0-beta', { endExcluding: '24.09' })).toBe(true);
    expect(versionInRange('2.0rc1', { startIncluding: '2.0' })).toBe(false);
  });
});
