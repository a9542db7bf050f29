import * as fs from 'fs';
import * as path from 'path';
import { RULES, renderRulesDoc, RULES_DOC_PATH } from '../../../machines/rules';
import * as rules from '../../../machines/rules';

describe('the rules page', () => {
  it('is up to date with the rule catalogue (regenerate: npm run build && npm run docs)', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '../../..', RULES_DOC_PATH), 'utf8');
    expect(onDisk).toBe(renderRulesDoc());
  });

  it('names only functions and schemas the rules module exports', () => {
    for (const rule of RULES) {
      for (const name of rule.functionName.split(', ')) expect(Object.keys(rules)).toContain(name);
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
