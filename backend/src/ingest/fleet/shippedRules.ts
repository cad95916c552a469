import fs from 'fs';
import path from 'path';

import { loadRules, mergeRules, type CpeRuleSet } from '../../domain/normalizer';

/** backend/rules/cpe-rules.json: the same relative place from backend/src and backend/dist. */
export const SHIPPED_RULES_PATH = path.resolve(__dirname, '../../../rules/cpe-rules.json');

let cached: CpeRuleSet | undefined;

/** The name→CPE rules shipped with the product (read and compiled once). */
export function shippedRules(): CpeRuleSet {
  cached ??= loadRules(fs.readFileSync(SHIPPED_RULES_PATH, 'utf8'));
  return cached;
}

/** Shipped rules with a user's rules file in front of them (a user rule with a shipped id replaces it). */
export function rulesWithUserFile(userRulesPath: string | undefined): CpeRuleSet {
  if (!userRulesPath) {
    return shippedRules();
  }
  return mergeRules(shippedRules(), loadRules(fs.readFileSync(userRulesPath, 'utf8')));
}
