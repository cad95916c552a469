import { productTitle, splitProductKey } from './views';

describe('productTitle', () => {
  it.each([
    ['7-Zip 24.08 (x64)', '7-zip', '7-zip', '7-Zip'],
    ['Mozilla Firefox ESR (x64 en-US)', 'mozilla', 'firefox_esr', 'Mozilla Firefox ESR'],
    ['WinRAR 6.22 (64-bit)', 'rarlab', 'winrar', 'WinRAR'],
    ['Google Chrome', 'google', 'chrome', 'Google Chrome'],
    ['chrome', 'google', 'chrome', 'Google Chrome'],
    ['http_server', 'apache', 'http_server', 'Apache Http Server'],
    ['Git', 'git-scm', 'git', 'Git'],
    ['libidn2-0', 'package', 'libidn2-0', 'Libidn2-0'],
  ])('%s (%s:%s) → %s', (display, vendor, product, expected) => {
    expect(productTitle(display, vendor, product)).toBe(expected);
  });
});

describe('splitProductKey', () => {
  it('names editions and scanner packages the Defender way', () => {
    expect(splitProductKey('a:mozilla:firefox:esr')).toEqual({ vendor: 'mozilla', product: 'firefox_esr' });
    expect(splitProductKey('a:google:chrome:')).toEqual({ vendor: 'google', product: 'chrome' });
    expect(splitProductKey('pkg:openssl')).toEqual({ vendor: 'package', product: 'openssl' });
  });
});
