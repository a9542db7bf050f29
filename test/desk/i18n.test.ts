import { fill } from '../../desk/i18n/catalogue';
import { beijingDate, beijingDateTime, CATALOGUE, messageGroups, negotiateLocale, t } from '../../desk/i18n';
import { STAGE_IDS } from '../../machines/stages';
import { ROLES } from '../../machines/roles';
import { DECISION_TYPES } from '../../machines/events';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the desk catalogue', () => {
  it('uses each key in one group only', () => {
    const keys = messageGroups().flatMap((group) => Object.keys(group));
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    expect(Object.keys(CATALOGUE)).toHaveLength(keys.length);
  });

  it('gives both languages of every message the same placeholders, and neither side is empty', () => {
    const mismatched = Object.entries(CATALOGUE)
      .filter(([, m]) => !m.zh.trim() || !m.en.trim() || placeholders(m.zh).join() !== placeholders(m.en).join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('names every stage, role and decision of the machine in both languages', () => {
    const wanted = [...STAGE_IDS.map((s) => `stage.${s}`), ...ROLES.map((r) => `role.${r}`), ...DECISION_TYPES.map((d) => `decision.${d}`)];
    expect(wanted.filter((key) => !(key in CATALOGUE))).toEqual([]);
  });

  it('gives a message in the language asked for', () => {
    expect(t('en', 'stage.publicity')).toBe('Candidate publicity');
    expect(t('zh', 'stage.publicity')).toBe('候选人公示');
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(fill('{present} of {due} due', { present: 8, due: 10 })).toBe('8 of 10 due');
    expect(fill('{present} of {due} due', { present: 8 })).toBe('8 of {due} due');
  });
});

describe('the language a person is answered in', () => {
  it('is Chinese by default, the chosen one when chosen, else the browser’s first the desk speaks', () => {
    expect(negotiateLocale(undefined, undefined)).toBe('zh');
    expect(negotiateLocale('en', 'zh-CN')).toBe('en');
    expect(negotiateLocale('fr', 'fr-FR,en-US;q=0.8,zh;q=0.5')).toBe('en');
    expect(negotiateLocale(undefined, 'en;q=0.2,zh-CN;q=0.9')).toBe('zh');
    expect(negotiateLocale(undefined, 'de,fr;q=0.5')).toBe('zh');
  });
});

describe('Beijing time', () => {
  it('shows an instant in Beijing time, in the Chinese form and the English one', () => {
    // 23:30 UTC on 2 December is 07:30 on 3 December in Beijing.
    expect(beijingDateTime('zh', '2026-12-02T23:30:00.000Z')).toBe('2026年12月3日 07:30');
    expect(beijingDateTime('en', '2026-12-02T23:30:00.000Z')).toBe('3 Dec 2026, 07:30 (Beijing)');
  });

  it('shows a Beijing day as that day, whatever the server’s time zone', () => {
    expect(beijingDate('zh', '2027-03-09')).toBe('2027年3月9日');
    expect(beijingDate('en', '2027-03-09')).toBe('9 Mar 2027');
  });
});
