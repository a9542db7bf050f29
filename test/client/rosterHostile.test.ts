import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCsvRoster,
  checkJsonRoster,
  checkJsonRosterText,
  generateCountyRoster,
  readRoster,
  rosterProblems,
  validVillages,
} from '../../client/roster';
import { LIMITS } from '../../machines/limits';
import { deepJson, HIDDEN_CHARACTERS, withRawJson } from '../fuzz/hostileShapes';

const tempFile = (name: string, content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'roster-')), name);
  writeFileSync(file, content);
  return file;
};

/** A town file of two valid villages, for a test to spoil. */
type Spoilable = Array<Record<string, unknown> & { roster: Record<string, unknown>[] }>;
function townFile(): { town: string; term: number; villages: Spoilable } {
  const county = generateCountyRoster({ towns: ['Heluo'], villagesPerTown: 2, term: 2026 });
  const villages: Spoilable = JSON.parse(JSON.stringify(county.towns[0]!.villages));
  return { town: 'Heluo', term: 2026, villages };
}

/** Every problem line is short enough to read: values are quoted cut short, whatever the file held. */
const allShort = (problems: string[]) => problems.every((p) => p.length < 600);

describe('a roster file a careless or hostile hand made', () => {
  it('refuses JSON nested 100,000 levels deep, naming where, without overflowing the stack', () => {
    for (const [text, opening] of [
      [deepJson(100_000), '{"a":'],
      [deepJson(100_000, 'array'), '['],
    ] as const) {
      const check = checkJsonRosterText(text);
      expect(check.fileProblems).toEqual([
        `line 1, column ${LIMITS.rosterJsonDepth * opening.length + 1}: nested more than ${LIMITS.rosterJsonDepth} levels deep; accepted: a town file {town, term, villages}, a county file {county?, term, towns}, or an array of members (a county file needs 8)`,
      ]);
      expect(check.villages).toEqual([]);
    }
  });

  it('refuses deep nesting inside a valid file, through the file reader too', () => {
    const text = withRawJson(townFile(), ['villages', 1, 'roster', 0, 'name'], deepJson(100_000));
    const check = readRoster(tempFile('town.json', text));
    expect(check.fileProblems).toEqual([expect.stringMatching(/^line 1, column \d+: nested more than 32 levels deep; accepted: /)]);
  });

  it('refuses a deep object handed to the reader directly, without throwing', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    const file = townFile();
    file.villages[0]!.village = deep;
    file.villages[1]!.roster[0]!.name = deep;
    const problems = rosterProblems(checkJsonRoster({ ...file, town: deep }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'town: got a value that cannot be shown (nested too deep, or not JSON); accepted: the town name as text',
        'villages[0].village: got a value that cannot be shown (nested too deep, or not JSON); accepted: the village name as text',
        "villages[1].roster[0].name: got an object (not quoted: personal data); accepted: the member's name as text",
      ]),
    );
  });

  it('refuses objects where names belong, even ones whose toString would throw', () => {
    const file = townFile();
    file.villages[0]!.village = { toString: 1 };
    const check = checkJsonRoster({ ...file, town: { toString: 1, valueOf: 1 } });
    expect(check.fileProblems).toEqual(['town: got {"toString":1,"valueOf":1}; accepted: the town name as text']);
    expect(check.villages[0]!.problems).toEqual(['villages[0].village: got {"toString":1}; accepted: the village name as text']);
    expect(check.villages[0]!.town).toBe('{"toString":1,"valueOf":1}');
  });

  it('quotes a 1.9 MB name cut short, with its length', () => {
    const file = townFile();
    file.villages[0]!.village = 'V'.repeat(1_900_000);
    file.villages[1]!.roster[2]!.name = 'N'.repeat(1_900_000);
    const check = readRoster(tempFile('town.json', JSON.stringify(file)));
    const problems = rosterProblems(check);
    expect(problems).toEqual([
      `villages[0].village: got "${'V'.repeat(55)}… (1,900,000 characters); accepted: the village name of 1 to 100 characters (this one has 1,900,000)`,
      `villages[1].roster[2].name: got text of 1,900,000 characters (not quoted: personal data); accepted: the member's name of 1 to 100 characters (this one has 1,900,000)`,
    ]);
    expect(check.villages[0]!.village.length).toBeLessThanOrEqual(LIMITS.nameLength);
  });

  it('refuses a member field it does not know, by its JSON path, as the CSV reader refuses an unknown column', () => {
    const file = townFile();
    file.villages[1]!.roster[3]!.nickname = '老王';
    const check = checkJsonRoster(file);
    expect(rosterProblems(check)).toEqual([
      "villages[1].roster[3]: unknown field(s) nickname; accepted: a member's fields id, name, pinyin, gender, birthDate, joinedParty, standing, education, outgoingPost, villageCommitteePost, fullMemberSince",
    ]);
    expect(validVillages(check).map((v) => v.village)).toEqual([file.villages[0]!.village]);
  });

  it.each(Object.entries(HIDDEN_CHARACTERS))('refuses %s in a town, village or member name, in JSON and in CSV', (...[, ch]) => {
    const file = townFile();
    file.villages[0]!.village = `Bei${ch}zhuang`;
    file.villages[1]!.roster[0]!.name = `Wang${ch}Li`;
    const json = rosterProblems(checkJsonRoster({ ...file, town: `He${ch}luo` }));
    expect(json).toEqual([
      expect.stringMatching(
        /^town: got "He.+luo"; accepted: the town name without control characters, bidi or zero-width characters \(this one has U\+[0-9A-F]{4}, .+, at character 3\)$/,
      ),
      expect.stringMatching(/^villages\[0\]\.village: got .+ \(this one has U\+/),
      expect.stringMatching(/^villages\[1\]\.roster\[0\]\.name: got .+ \(this one has U\+/),
    ]);
    expect(allShort(json)).toBe(true);
    // A carriage return ends a CSV record; a lone surrogate cannot be written in UTF-8 (the reader refuses such a file).
    if (ch === '\r' || /[\ud800-\udfff]/.test(ch)) return;
    const header = 'town,village,member_id,name,gender,birth_date,joined_party,standing,education';
    const csv = `${header}\nHe${ch}luo,Xishan,m1,Wang Li,male,1970-01-01,1995-07-01,full,high-school\n`;
    expect(checkCsvRoster(csv, { term: 2026 }).fileProblems).toEqual([
      expect.stringMatching(
        /^line 2, field town: got "He.+luo"; accepted: the town name without control characters, .+; the row's village cannot be told/,
      ),
    ]);
  });

  it('refuses two villages whose names differ only in Unicode normalisation: they would share one workflow id', () => {
    const file = townFile();
    file.villages[0]!.village = 'Caf\u00e9';
    file.villages[1]!.village = 'Cafe\u0301';
    const check = checkJsonRoster(file);
    expect(rosterProblems(check)).toEqual([
      expect.stringMatching(/^villages\[0\]\.village: got "Café"; accepted: each village once per town \(.* is also at villages\[1\]\)$/),
      expect.stringMatching(/^villages\[1\]\.village: got ".*"; accepted: each village once per town \(.* is also at villages\[0\]\)$/),
    ]);
    expect(validVillages(check)).toEqual([]);
  });
});
