import { directionOf, formatNumber, formatShare, formatSince } from './format';

describe('formatNumber', () => {
  it('formats with fixed decimals and thousands separators', () => {
    expect(formatNumber(63, 0)).toBe('63');
    expect(formatNumber(63.456, 1)).toBe('63.5');
    expect(formatNumber(12345, 0)).toBe('12,345');
    expect(formatNumber(7, 2)).toBe('7.00');
  });

  it('shows an em dash for no value', () => {
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('—');
  });

  it('never shows a negative zero and bounds the decimals', () => {
    expect(formatNumber(-0.2, 0)).toBe('0');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(1.23456, 9)).toBe('1.235');
    expect(formatNumber(1.5, -2)).toBe('2');
  });
});

describe('directionOf', () => {
  it('is flat when the change rounds to zero at the shown decimals', () => {
    expect(directionOf(0.4, 0)).toBe('flat');
    expect(directionOf(0.4, 1)).toBe('up');
    expect(directionOf(-0.6, 0)).toBe('down');
    expect(directionOf(0)).toBe('flat');
  });
});

describe('formatSince', () => {
  const now = Date.UTC(2026, 10, 20, 10, 0, 0);

  it('uses a time today, a day this year, and a full date before', () => {
    expect(formatSince(Date.UTC(2026, 10, 20, 4, 5), 'utc', now)).toBe('04:05');
    expect(formatSince(Date.UTC(2026, 9, 22), 'utc', now)).toBe('Oct 22');
    expect(formatSince(Date.UTC(2025, 11, 1), 'utc', now)).toBe('Dec 1, 2025');
  });
});

describe('formatShare', () => {
  it.each([
    [0, '0%'],
    [0.5, '50%'],
    [0.0921, '9.2%'],
    [0.0004, '<0.1%'],
    [0.99996, '>99.9%'],
    [1, '100%'],
    [NaN, '0%'],
    [-0.2, '0%'],
  ])('%p → %p', (share, text) => {
    expect(formatShare(share)).toBe(text);
  });
});
