import { FieldColorModeId } from '@grafana/data';
import { registerStandardOptions } from '../shared/testing';
import { plugin } from './module';
import { DEFAULT_OPTIONS } from './types';

describe('secure score plugin', () => {
  beforeAll(registerStandardOptions);

  it('declares every option with its default', () => {
    expect(plugin.defaults).toEqual(DEFAULT_OPTIONS);
  });

  it("colours bars in Defender's blue by default", () => {
    expect(plugin.fieldConfigDefaults.defaults.color).toEqual({ mode: FieldColorModeId.Fixed, fixedColor: 'blue' });
    const ids = plugin.fieldConfigRegistry.list().map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining(['color', 'thresholds', 'links']));
    expect(ids).not.toContain('unit');
  });
});
