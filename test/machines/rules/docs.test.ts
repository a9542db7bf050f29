import * as fs from 'fs';
import * as path from 'path';
import * as rules from '../../../machines/rules';
import { RULES } from '../../../machines/rules/catalogue';
import { renderRulesDoc, RULES_DOC_PATH } from '../../../machines/rules/rulesDoc';

describe('the rules page', () => {
  it('is up to date with the rule catalogue (regenerate: npm run build && npm run docs)', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '../../..', RULES_DOC_PATH), 'utf8');
    expect(onDisk).toBe(renderRulesDoc());
  });

  it('holds only functions the rules module exports, under their own names', () => {
    for (const rule of RULES) {
      for (const check of rule.checks)
        expect({ rule: rule.id, check: (rules as Record<string, unknown>)[check.name] }).toEqual({ rule: rule.id, check });
    }
  });

  it('gives every rule a unique id', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every local rule its town plan setting', () => {
    for (const rule of RULES.filter((r) => r.kind === 'local')) expect(rule.setting).toBeDefined();
  });
});
