import { admit, type ElectionSnapshot } from '../../machines/admission';
import { DECISION_TYPES, decisionSchemas, ROSTER_BOUNDED_FIELDS, type DecisionType } from '../../machines/events';
import { describeZodIssues, electionInputSchema } from '../../machines/input';
import { LIMITS } from '../../machines/limits';
import { isPersonal, personalFieldsOf } from '../../machines/personal';
import { memberSchema, parseWith, rosterSchema } from '../../machines/rules';
import { echo, text } from '../../machines/text';
import { HIDDEN_CHARACTERS, replaced, stringPaths, wellFormed, type Path } from '../fuzz/hostileShapes';
import { at, begin, QILIPU } from './fixtures';
import { heluoInput } from '../../client/demo/heluo';

const admitted = (snapshot: ElectionSnapshot, decision: Record<string, unknown>) => admit(snapshot, { ...decision, at });

/** The refusal lines of a decision checked against its schema alone, or [] when it is well-formed. */
function problems(decision: unknown): string[] {
  const type = (decision as { type: DecisionType }).type;
  const parsed = decisionSchemas[type].safeParse(decision);
  return parsed.success ? [] : describeZodIssues(parsed.error, decision);
}

const valueAt = (root: unknown, path: Path) => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
/** Fields whose schema is an enum, a literal or a date: a bad string there is refused anyway, as it always was. */
const CLOSED = new Set(['type', 'role', 'category', 'method', 'ruling', 'until', 'postedOn', 'handedOverOn', 'date', 'time']);
const freeStrings = (decision: unknown) => stringPaths(decision).filter((p) => !CLOSED.has(String(p[p.length - 1])));

describe('limits on every field of every decision', () => {
  it.each(DECISION_TYPES)('%s: every text field refuses 2,001 characters, naming the field and the limit', (type) => {
    const base = wellFormed(type);
    expect(problems(base)).toEqual([]);
    expect(freeStrings(base).length).toBeGreaterThan(['CONFIRM_COUNT', 'APPROVE_RESULT'].includes(type) ? 0 : 1);
    for (const path of freeStrings(base)) {
      const lines = problems(replaced(base, path, 'x'.repeat(2_001)));
      expect(lines).toEqual([expect.stringMatching(/ characters \(this one has 2,001\)\)$/)]);
      // A field of personal data is named with the size of the value, never the value (machines/personal.ts).
      if (isPersonal(personalFieldsOf(base), path)) {
        expect(lines[0]!.startsWith(`${path.join('.')}: got text of 2,001 characters (not quoted: personal data)`)).toBe(true);
      } else {
        expect(lines[0]!.startsWith(`${path.join('.')}: got "xxx`)).toBe(true);
        expect(lines[0]).toContain('… (2,001 characters)');
      }
    }
  });

  it('holds ids to 64 characters, names to 100 and reasons to 2,000', () => {
    const cancel = wellFormed('CANCEL');
    const at = (path: Path, length: number) => problems(replaced(cancel, path, 'x'.repeat(length)));
    expect(at(['by', 'id'], 64)).toEqual([]);
    expect(at(['by', 'id'], 65)).toEqual([
      `by.id: got "${'x'.repeat(65)}" (accepted: the person id of 1 to 64 characters (this one has 65))`,
    ]);
    expect(at(['by', 'name'], 100)).toEqual([]);
    expect(at(['by', 'name'], 101)[0]).toMatch(
      /^by\.name: got .* \(accepted: the person's name of 1 to 100 characters \(this one has 101\)\)$/,
    );
    expect(at(['reason'], 2_000)).toEqual([]);
    expect(at(['reason'], 1_900_000)[0]).toMatch(
      /^reason: got "x+… \(1,900,000 characters\) \(accepted: a reason of 2 to 2,000 characters \(this one has 1,900,000\)\)$/,
    );
    expect(at(['reason'], 1_900_000)[0]!.length).toBeLessThan(200);
  });

  it.each(Object.entries(HIDDEN_CHARACTERS))('refuses %s in ids, names and reasons, saying which character and where', (...[, ch]) => {
    const cancel = wellFormed('CANCEL');
    for (const path of [['by', 'id'], ['by', 'name'], ['reason']]) {
      const lines = problems(replaced(cancel, path, `ab${ch}cd`));
      expect(lines).toHaveLength(1);
      const code = ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      expect(lines[0]).toContain(`(this one has U+${code}, `);
      expect(lines[0]).toContain(', at character 3)');
      // The value is quoted with the character escaped, so that it cannot hide or reorder the message.
      expect(lines[0]).toContain(`got "ab${ch === '\r' ? '\\r' : `\\u${code.toLowerCase()}`}cd"`);
    }
  });

  it('takes tab and line feed in free text only', () => {
    expect(problems({ ...wellFormed('CANCEL'), reason: 'first line\n\tsecond line' })).toEqual([]);
    expect(problems({ ...wellFormed('CANCEL'), by: { id: 'wang\tli', role: 'town-committee' } })[0]).toContain('U+0009');
  });

  it('normalises text to NFC, so that two spellings of one name are one name', () => {
    const parsed = decisionSchemas.CANCEL.parse({
      ...wellFormed('CANCEL'),
      by: { id: 'jose\u0301', name: 'Jose\u0301', role: 'town-committee' },
    });
    expect(parsed.by).toEqual({ id: 'jos\u00e9', name: 'Jos\u00e9', role: 'town-committee' });
    const round = decisionSchemas.RECORD_ROUND.parse({ ...wellFormed('RECORD_ROUND'), votes: { 'jose\u0301': 3 } });
    expect(round.votes).toEqual({ 'jos\u00e9': 3 });
  });

  it('refuses two record keys that are one name in NFC rather than merging their votes', () => {
    const lines = problems({ ...wellFormed('RECORD_ROUND'), votes: { 'jos\u00e9': 3, 'jose\u0301': 4 } });
    expect(lines).toEqual([
      expect.stringMatching(
        /^votes: got .* \(accepted: keys that differ once written in Unicode NFC; the keys ".+" and ".+" are one name written two ways\)$/,
      ),
    ]);
  });

  it('refuses bad record keys (hidden characters, __proto__, too long) naming the key', () => {
    expect(problems({ ...wellFormed('RECORD_ROUND'), votes: { 'm0\u202e4': 3 } })[0]).toMatch(
      /^votes: .*U\+202E, a bidi control.*the key "m0\\u202e4" is not/,
    );
    expect(
      problems(
        JSON.parse(
          `{"type":"RECORD_ROUND","by":{"id":"a","role":"guidance-group"},"votersPresent":1,"ballotsIssued":1,"ballotsReturned":1,"validBallots":1,"invalidBallots":0,"votes":{"__proto__":1}}`,
        ),
      )[0],
    ).toContain('other than "__proto__"');
    expect(problems({ ...wellFormed('RECORD_ROUND'), writeIns: { ['y'.repeat(101)]: 1 } })[0]).toContain(
      'a written name of 1 to 100 characters',
    );
  });

  it('refuses a list of a million entries by its length, in one line', () => {
    const lines = problems({ ...wellFormed('APPROVE_SLATE'), candidates: Array.from({ length: 1_000_000 }, () => 1) });
    expect(lines).toEqual([
      expect.stringMatching(/^candidates: got \[1,1,1,[1,]*… \(2,000,001 characters\) \(accepted: a list of at most 1,000 candidates\)$/),
    ]);
  });

  it('lists at most ten problems of one message and counts the rest', () => {
    const lines = problems({ ...wellFormed('APPROVE_SLATE'), candidates: Array.from({ length: 500 }, () => 7) });
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('and 490 more problems not listed');
  });
});

describe('lists and per-member records are bounded by the village roster', () => {
  const [initial] = begin();
  const members = initial.context.roster.length;
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`);

  it('finds every list and record of every decision', () => {
    expect(ROSTER_BOUNDED_FIELDS.APPROVE_SLATE).toEqual([['candidates'], ['ageExceptions']]);
    expect(ROSTER_BOUNDED_FIELDS.RECORD_MEMBER_RECOMMENDATION).toEqual([['tally', 'votes']]);
    expect(ROSTER_BOUNDED_FIELDS.RECORD_ROUND).toEqual([
      ['votes'],
      ['writeIns'],
      ['disapprovedCandidates'],
      ['membersLeft'],
      ['writeInMembers'],
    ]);
    expect(ROSTER_BOUNDED_FIELDS.RECORD_PLENARY).toEqual([['membersPresent'], ['votes', 'secretary'], ['votes', 'deputy']]);
    expect(ROSTER_BOUNDED_FIELDS.RECORD_ATTENDANCE).toEqual([['present'], ['excusals']]);
    expect(ROSTER_BOUNDED_FIELDS.CANCEL).toEqual([]);
  });

  it.each(DECISION_TYPES.filter((t) => ROSTER_BOUNDED_FIELDS[t].length > 0))(
    '%s: refuses a list or record with one entry more than the roster',
    (type) => {
      for (const path of ROSTER_BOUNDED_FIELDS[type]) {
        const sample = valueAt(wellFormed(type), path);
        const entries = ids(members + 1);
        const value = Array.isArray(sample)
          ? entries.map((id) =>
              typeof sample[0] === 'string' ? id : { ...(sample[0] as object), [Object.keys(sample[0] as object)[0]!]: id },
            )
          : Object.fromEntries(entries.map((id) => [id, typeof Object.values(sample as object)[0] === 'string' ? id : 1]));
        const admission = admitted(initial, replaced(wellFormed(type), path, value) as Record<string, unknown>);
        expect(admission).toEqual({
          ok: false,
          code: 'INVALID_PAYLOAD',
          message: `${type}: ${path.join('.')}: got ${members + 1} entries (accepted: at most ${members}, the members on this village's roster)`,
        });
      }
    },
  );

  it('keeps every refusal message short, however many problems it names', () => {
    const admission = admitted(initial, {
      ...wellFormed('APPROVE_SLATE'),
      candidates: Array.from({ length: 900 }, () => ({ toString: 1 })),
    });
    expect(admission).toEqual({
      ok: false,
      code: 'INVALID_PAYLOAD',
      message: expect.stringMatching(/^APPROVE_SLATE: candidates\.0: got \{"toString":1\} /),
    });
    if (!admission.ok) expect(admission.message.length).toBeLessThanOrEqual(LIMITS.refusalReasonLength);
  });
});

describe('limits on the start input and the roster', () => {
  const base = heluoInput(QILIPU);

  it.each(['town', 'village'] as const)('refuses "/" in the %s name: two villages would share one workflow id', (field) => {
    const given = { ...base, [field]: 'Heluo/Qilipu' };
    const parsed = electionInputSchema.safeParse(given);
    expect(parsed.success).toBe(false);
    expect(describeZodIssues(parsed.error!, given)).toEqual([
      `${field}: got "Heluo/Qilipu" (accepted: the ${field} name without "/" (it separates the parts of the workflow id))`,
    ]);
  });

  it.each(Object.entries(HIDDEN_CHARACTERS))('refuses %s in town, village, member and approver names', (...[, ch]) => {
    const roster = base.roster.map((m, i) => (i === 0 ? { ...m, name: `Wang${ch}Li` } : m));
    const parsed = electionInputSchema.safeParse({
      ...base,
      town: `He${ch}luo`,
      village: `Qi${ch}lipu`,
      roster,
      approvers: { 'town-committee': [{ id: `a${ch}`, name: 'Zhao' }] },
    });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'town',
      'village',
      'roster.0.name',
      'approvers.town-committee.0.id',
    ]);
  });

  it('normalises the town and village names to NFC, so that one village has one workflow id', () => {
    const parsed = electionInputSchema.parse({ ...base, town: ' He\u0301luo ', village: 'Qilipu' });
    expect(parsed.town).toBe('H\u00e9luo');
  });

  it('holds the roster to 1,000 members and each role to 50 approvers', () => {
    const many = Array.from({ length: 1_001 }, (_, i) => ({ ...base.roster[0]!, id: `m${i}` }));
    expect(parseWith(rosterSchema, many)).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^\(the whole record\): got .*; accepted: a list of at most 1,000 members$/)],
    });
    const approvers = Array.from({ length: 51 }, (_, i) => ({ id: `a${i}`, name: 'Zhao' }));
    expect(electionInputSchema.safeParse({ ...base, approvers: { 'town-committee': approvers } }).error?.issues[0]?.message).toBe(
      'accepted: a list of at most 50 approvers',
    );
  });

  it('refuses a member with a field it does not know', () => {
    expect(parseWith(memberSchema, { ...base.roster[0], nickname: 'Lao Wang' })).toEqual({
      ok: false,
      errors: ['unknown field nickname: check the spelling; accepted: only the documented fields'],
    });
  });

  it('builds one schema for all text: the same field refuses the same way in a decision, a start input and a roster', () => {
    const id = text('id', 'a member id');
    expect(id.safeParse('m\u0000').error?.issues[0]?.message).toBe(
      'accepted: a member id without control characters, bidi or zero-width characters (this one has U+0000, NUL, a control character, at character 2)',
    );
    expect(memberSchema.shape.id.safeParse('m\u0000').error?.issues[0]?.message).toBe(id.safeParse('m\u0000').error?.issues[0]?.message);
  });
});

describe('values quoted back to their sender', () => {
  it('are cut to 80 characters with the original length', () => {
    const quoted = echo('x'.repeat(1_900_000));
    expect(quoted).toBe(`"${'x'.repeat(55)}… (1,900,000 characters)`);
    expect(quoted.length).toBeLessThanOrEqual(LIMITS.echoLength);
  });

  it('escape what would hide or reorder the message, and never throw', () => {
    expect(echo('a\u202eb\u200bc\ud800')).toBe('"a\\u202eb\\u200bc\\ud800"');
    expect(echo({ toString: 1 })).toBe('{"toString":1}');
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    expect(echo(deep)).toBe('a value that cannot be shown (nested too deep, or not JSON)');
    const cutAtAPair = echo(`${'y'.repeat(61)}\ud83d\ude00${'y'.repeat(30)}`);
    expect(cutAtAPair).toBe(`"${'y'.repeat(61)}… (93 characters)`);
  });
});
