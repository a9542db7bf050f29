import { memberSchema, parseWith, rosterSchema } from '../../../machines/rules';
import { member } from './fixtures';

describe('member records', () => {
  it('accepts a member with the optional posts', () => {
    expect(memberSchema.safeParse(member('m1', { outgoingPost: 'secretary', villageCommitteePost: 'chair' })).success).toBe(true);
  });

  it('accepts a member named in Chinese characters, with the name in pinyin beside it or without', () => {
    const named = member('m1', { name: '王建华', pinyin: ' Wang Jianhua ' });
    expect(memberSchema.parse(named)).toMatchObject({ name: '王建华', pinyin: 'Wang Jianhua' });
    expect(memberSchema.parse(member('m1', { name: '王建华' })).pinyin).toBeUndefined();
  });

  it('refuses a pinyin with a hidden character or of more than a name’s length, naming the field', () => {
    const hidden = parseWith(memberSchema, member('m1', { name: '王建华', pinyin: 'Wang\u200bJianhua' }));
    expect(hidden.ok ? [] : hidden.errors).toEqual([
      expect.stringMatching(/^pinyin: got .*accepted: the member's name in pinyin without /),
    ]);
    const long = parseWith(memberSchema, member('m1', { pinyin: 'Wang '.repeat(40) }));
    expect(long.ok ? [] : long.errors).toEqual([expect.stringMatching(/^pinyin: got .*accepted: the member's name in pinyin of 1 to /)]);
  });

  it('refuses a member who joined the Party before 18', () => {
    const result = parseWith(memberSchema, member('m1', { birthDate: '1990-06-01', joinedParty: '2008-05-31' }));
    expect(result).toEqual({
      ok: false,
      errors: [
        'joinedParty: got "2008-05-31"; accepted: a date on or after the 18th birthday given in birthDate, the youngest age of admission',
      ],
    });
  });

  it('refuses an unknown standing, naming the field', () => {
    const result = parseWith(memberSchema, { ...member('m1'), standing: 'expelled' });
    expect(result.ok ? [] : result.errors).toEqual([expect.stringContaining('standing: got "expelled"')]);
  });

  it('refuses a roster with a duplicate id, naming it', () => {
    const result = parseWith(rosterSchema, [member('a'), member('b'), member('a')]);
    expect(result).toEqual({ ok: false, errors: ['[2].id: got "a"; accepted: an id used once in the roster (a is a duplicate)'] });
  });
});
