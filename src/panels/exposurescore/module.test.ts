import { registerStandardOptions } from '../shared/testing';
import { plugin } from './module';
import { DEFAULT_OPTIONS, DEFAULT_THRESHOLDS } from './types';

describe('exposure score plugin', () => {
  beforeAll(registerStandardOptions);

  it('declares every option with its default', () => {
    expect(plugin.defaults).toEqual(DEFAULT_OPTIONS);
  });

  it('starts with the documented 30/70 thresholds and only the field options that apply', () => {
    expect(plugin.fieldConfigDefaults.defaults.thresholds).toEqual(DEFAULT_THRESHOLDS);
    const ids = plugin.fieldConfigRegistry.list().map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining(['thresholds', 'links']));
    expect(ids).not.toContain('unit');
    expect(ids).not.toContain('decimals');
  });
});
