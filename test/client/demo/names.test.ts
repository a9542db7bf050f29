import { demoRoster, HELUO_VILLAGES } from '../../../client/demo/heluo';
import { GIVEN_NAMES, SURNAMES, uniqueNamer } from '../../../client/demo/names';
import { rosterSchema } from '../../../machines/rules';

const HAN = /^\p{Script=Han}+$/u;

describe("the demo's names", () => {
  it('has the common surnames a ballot orders by strokes, each with its pinyin', () => {
    const surnames = new Map(SURNAMES.map((s) => [s.zh, s.pinyin]));
    const expected = { 丁: 'Ding', 马: 'Ma', 王: 'Wang', 白: 'Bai', 刘: 'Liu', 张: 'Zhang', 李: 'Li', 陈: 'Chen', 杨: 'Yang' };
    expect(Object.fromEntries(Object.keys(expected).map((zh) => [zh, surnames.get(zh)]))).toEqual(expected);
    for (const zh of '赵黄周吴徐孙朱胡郭') expect(surnames.has(zh)).toBe(true);
  });

  it('writes every part in Chinese characters, given names of one or two, with a capitalised pinyin and no apostrophe', () => {
    for (const part of [...SURNAMES, ...GIVEN_NAMES.male, ...GIVEN_NAMES.female]) {
      expect({ part, han: HAN.test(part.zh), pinyin: /^[A-Z][a-z]+$/.test(part.pinyin) }).toEqual({ part, han: true, pinyin: true });
    }
    expect(new Set(SURNAMES.map((s) => [...s.zh].length))).toEqual(new Set([1]));
    expect(new Set([...GIVEN_NAMES.male, ...GIVEN_NAMES.female].map((g) => [...g.zh].length))).toEqual(new Set([1, 2]));
    expect(new Set(SURNAMES.map((s) => s.zh)).size).toBe(SURNAMES.length);
  });

  it('never gives one name twice, moving on in a fixed order, and refuses once every name is taken', () => {
    const nameOf = uniqueNamer();
    const capacity = SURNAMES.length * GIVEN_NAMES.female.length;
    const names = Array.from({ length: capacity }, () => nameOf({ surname: 3, given: 5, gender: 'female' }));
    expect(names[0]).toEqual({
      name: `${SURNAMES[3]!.zh}${GIVEN_NAMES.female[5]!.zh}`,
      pinyin: `${SURNAMES[3]!.pinyin} ${GIVEN_NAMES.female[5]!.pinyin}`,
    });
    expect(names[1]!.name).toBe(`${SURNAMES[3]!.zh}${GIVEN_NAMES.female[6]!.zh}`);
    expect(new Set(names.map((n) => n.name)).size).toBe(capacity);
    expect(() => nameOf({ surname: 0, given: 0, gender: 'female' })).toThrow(RangeError);
    expect(nameOf({ surname: 0, given: 0, gender: 'male' }).name).toBe(`${SURNAMES[0]!.zh}${GIVEN_NAMES.male[0]!.zh}`);
  });
});

describe('demoRoster', () => {
  it('names each member in characters without a space, with the pinyin beside ("Wang Jianhua")', () => {
    for (const member of demoRoster('Qilipu', 38)) {
      expect(member.name).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(member.pinyin).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it('gives the same roster for the same village, size and seed, and another for another seed', () => {
    expect(demoRoster('Qilipu', 38)).toEqual(demoRoster('Qilipu', 38));
    expect(demoRoster('Qilipu', 38, 2).map((m) => m.name)).not.toEqual(demoRoster('Qilipu', 38).map((m) => m.name));
  });

  it('names nobody twice in a village, for every Heluo village and for a roster of the most members allowed', () => {
    const rosters = [...HELUO_VILLAGES.map((v) => demoRoster(v.name, v.members)), demoRoster('Qilipu', 1000)];
    for (const roster of rosters) expect(new Set(roster.map((m) => m.name)).size).toBe(roster.length);
  });

  it('names Qilipu’s first member as the README shows him', () => {
    expect(demoRoster('Qilipu', 38)[0]).toMatchObject({
      id: 'm01',
      name: '郭玉林',
      pinyin: 'Guo Yulin',
      gender: 'male',
      birthDate: '1955-01-10',
    });
  });

  it('is a roster the election accepts', () => {
    expect(rosterSchema.safeParse(demoRoster('Luokou', 41)).success).toBe(true);
  });
});
