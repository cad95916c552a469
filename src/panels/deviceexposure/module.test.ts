import { registerStandardOptions } from '../shared/testing';
import { plugin } from './module';
import { DEFAULT_OPTIONS } from './types';

describe('device exposure plugin', () => {
  beforeAll(registerStandardOptions);

  it('declares every option with its default', () => {
    expect(plugin.defaults).toEqual(DEFAULT_OPTIONS);
  });

  it('offers only value mappings among the field options (to recolour levels)', () => {
    expect(plugin.fieldConfigRegistry.list().map((item) => item.id)).toEqual(['mappings']);
  });
});
