import fs from 'fs';
import os from 'os';
import path from 'path';

import { identifySoftware } from '../../domain/normalizer';
import { rulesWithUserFile, SHIPPED_RULES_PATH, shippedRules } from './shippedRules';

describe('shipped rules file', () => {
  it('is found beside the sources and loaded once', () => {
    expect(fs.existsSync(SHIPPED_RULES_PATH)).toBe(true);
    expect(shippedRules()).toBe(shippedRules());
    expect(rulesWithUserFile(undefined)).toBe(shippedRules());
  });

  it('puts a user rules file in front of the shipped rules', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tvm-rules-')), 'rules.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ rules: [{ id: 'acme-widget', name: '^Acme Widget\\b', vendor: 'acme', product: 'widget' }] })
    );
    const rules = rulesWithUserFile(file);
    expect(rules.rules[0].rule.id).toBe('acme-widget');
    expect(identifySoftware({ name: 'Acme Widget 2', version: '2.0' }, rules)).toMatchObject({
      identity: { vendor: 'acme', product: 'widget' },
    });
    fs.writeFileSync(file, JSON.stringify({ rules: [{ id: 'bad', name: '(' }] }));
    expect(() => rulesWithUserFile(file)).toThrow(/rules\[0\]/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
