import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCsvRoster,
  checkJsonRoster,
  generateCountyRoster,
  linesText,
  parseCsv,
  readRoster,
  rosterProblems,
  validVillages,
  type CountyRosterFile,
} from '../../client/roster';

const FIXTURES = join(__dirname, '..', 'fixtures', 'rosters');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const tempFile = (name: string, content: string | Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'roster-')), name);
  writeFileSync(file, content);
  return file;
};

const HEADER = 'town,village,member_id,name,gender,birth_date,joined_party,standing,education,outgoing_post,village_committee_post';
const member = (town: string, village: string, id: string, extra = '') =>
  `${town},${village},${id},Member ${id},male,1970-01-01,1995-07-01,full,high-school,,${extra}`;

describe('reading CSV as RFC 4180 has it', () => {
  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const { records } = parseCsv('a,b,c\n"Wang, Jun","say ""hi""","two\nlines"\nx,,z\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['Wang, Jun', 'say "hi"', 'two\nlines'] },
      { line: 4, cells: ['x', '', 'z'] },
    ]);
  });

  it('reads CRLF and LF alike, drops a byte-order mark and skips blank lines', () => {
    const lf = parseCsv('a,b\n1,2\n\n3,4').records;
    const crlf = parseCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,4\r\n').records;
    expect(crlf).toEqual(lf);
    expect(lf).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    expect(parseCsv('a,b\n1,2\n3,"open\n4,5\n').unclosed).toBe(3);
  });

  it('flags a quote inside an unquoted field and text after a closing quote', () => {
    const { records } = parseCsv('a,b\nsay "hi",2\n"x"y,3\n');
    expect(records[1]!.problem).toMatch(/^line 2, field 1: got "say \\"hi\\"", a double quote inside an unquoted field; accepted: /);
    expect(records[2]!.problem).toMatch(/^line 3, field 1: got "y" after the closing quote; accepted: a comma or the end of the line/);
  });
});

describe('a valid CSV roster', () => {
  const check = checkCsvRoster(fixture('two-towns.csv'), { term: '2026' });

  it('groups the rows into villages by town and village, with their lines and stable workflow ids', () => {
    expect(rosterProblems(check)).toEqual([]);
    expect(check.villages.map((v) => [v.town, v.village, v.where, v.workflowId, v.raw.roster.length])).toEqual([
      ['Heluo', 'Qilipu', 'lines 2-9', 'reelection/2026/Heluo/Qilipu', 8],
      ['Heluo', 'Lucun', 'lines 10-13', 'reelection/2026/Heluo/Lucun', 4],
      ['Mangling', 'Xigou', 'lines 14-17', 'reelection/2026/Mangling/Xigou', 4],
      ['Mangling', 'Dongpo', 'lines 18-20', 'reelection/2026/Mangling/Dongpo', 3],
    ]);
  });

  it('reads members, per-village columns and approvers into the start input and the village facts', () => {
    const [qilipu, lucun] = check.villages;
    expect(qilipu!.input).toMatchObject({
      town: 'Heluo',
      village: 'Qilipu',
      term: 2026,
      method: 'two-recommendations-one-election',
      approvers: {
        'town-committee': [
          { id: 'wang.li', name: 'Wang Li' },
          { id: 'zhao.min', name: 'Zhao Min' },
        ],
      },
    });
    expect(qilipu!.input!.roster[0]).toEqual({
      id: 'm01',
      name: '王军',
      pinyin: 'Wang Jun',
      gender: 'male',
      birthDate: '1968-03-12',
      joinedParty: '1992-07-01',
      standing: 'full',
      education: 'high-school',
      outgoingPost: 'secretary',
      villageCommitteePost: 'chair',
    });
    expect(qilipu!.input!.roster[5]).toMatchObject({ name: '杨小红', pinyin: 'Yang "Xiao" Hong' });
    // The pinyin is optional: a blank cell leaves it out.
    expect(check.villages[2]!.input!.roster[0]).toMatchObject({ name: '马强' });
    expect(check.villages[2]!.input!.roster.some((m) => 'pinyin' in m)).toBe(false);
    expect(qilipu!.facts).toEqual({ representatives: 24, category: 'good', stable: true, seats: 3 });
    expect(lucun!.input!.method).toBe('two-recommendations-direct-election');
    expect(check.villages[3]!.facts).toEqual({ representatives: 16, category: 'poor', stable: false, seats: 1 });
  });

  it('reads the same from a UTF-8 file with a byte-order mark and CRLF line ends', () => {
    const file = tempFile('town.csv', `\uFEFF${fixture('two-towns.csv').replace(/\n/g, '\r\n')}`);
    const fromFile = readRoster(file, { term: 2026 });
    expect(fromFile.format).toBe('csv');
    expect(fromFile.villages.map((v) => v.input)).toEqual(check.villages.map((v) => v.input));
  });

  it('lets a blank per-village cell take the value the other rows give', () => {
    const text = [
      `${HEADER},method`,
      ...['m1', 'm2', 'm3'].map((id, i) => `${member('T', 'V', id)},${i === 1 ? 'two-recommendations-direct-election' : ''}`),
    ].join('\n');
    const [village] = checkCsvRoster(text, { term: 2026 }).villages;
    expect(village!.problems).toEqual([]);
    expect(village!.input!.method).toBe('two-recommendations-direct-election');
  });
});

describe('the date of full membership (full_member_since, optional)', () => {
  const rows = (cells: string[]) =>
    [`${HEADER},full_member_since`, ...cells.map((cell, i) => `${member('T', 'V', `m${i + 1}`)},${cell}`)].join('\n');

  it('reads the column into the member record, a blank cell meaning not recorded', () => {
    const [village] = checkCsvRoster(rows(['1996-07-01', '', '1997-01-15']), { term: 2026 }).villages;
    expect(village!.problems).toEqual([]);
    expect(village!.input!.roster.map((m) => m.fullMemberSince)).toEqual(['1996-07-01', undefined, '1997-01-15']);
  });

  it('keeps rosters without the column working', () => {
    const [village] = checkCsvRoster([HEADER, member('T', 'V', 'm1'), member('T', 'V', 'm2'), member('T', 'V', 'm3')].join('\n'), {
      term: 2026,
    }).villages;
    expect(village!.problems).toEqual([]);
    expect(village!.input!.roster.every((m) => m.fullMemberSince === undefined)).toBe(true);
  });

  it('refuses a date before joining the Party, and one for a probationary member, with the line and field', () => {
    const text = [
      `${HEADER},full_member_since`,
      `${member('T', 'V', 'm1')},1994-07-01`,
      member('T', 'V', 'm2') + ',',
      member('T', 'V', 'm3') + ',',
      'T,V,p1,Member p1,male,1990-01-01,2025-07-01,probationary,high-school,,,2026-07-01',
    ].join('\n');
    expect(rosterProblems(checkCsvRoster(text, { term: 2026 }))).toEqual([
      'line 2, field full_member_since: got a date (not quoted: personal data); accepted: a date on or after joining the Party (joinedParty), when probation begins',
      'line 5, field full_member_since: got a date (not quoted: personal data); accepted: nothing for a probationary member (预备党员), who is not yet a full member',
    ]);
  });

  it('reads fullMemberSince from a JSON roster too', () => {
    const members = ['m1', 'm2', 'm3'].map((id) => ({
      id,
      name: `Member ${id}`,
      gender: 'female',
      birthDate: '1970-01-01',
      joinedParty: '1995-07-01',
      standing: 'full',
      education: 'college',
      ...(id === 'm1' ? { fullMemberSince: '1996-07-01' } : {}),
    }));
    const [village] = checkJsonRoster(members, { town: 'T', village: 'V', term: 2026 }).villages;
    expect(village!.problems).toEqual([]);
    expect(village!.input!.roster[0]!.fullMemberSince).toBe('1996-07-01');
  });
});

describe('a CSV roster with bad rows', () => {
  const check = checkCsvRoster(fixture('bad-rows.csv'), { term: '2026' });

  it('reports every bad row with its file line, field, value and what is accepted', () => {
    expect(rosterProblems(check)).toEqual([
      'line 5, field gender: got text of 1 character (not quoted: personal data); accepted: one of male, female',
      'line 6, field birth_date: got a date (not quoted: personal data); accepted: a calendar date written YYYY-MM-DD, for example 2026-03-02',
      'line 7, field joined_party: got a date (not quoted: personal data); accepted: a date on or after the 18th birthday given in birthDate, the youngest age of admission',
      'line 8, field member_id: got "m02"; accepted: an id used once in the village (line 6 has it)',
      'village Beiguan of Heluo (lines 9-11): 2 full members: fewer than 3 cannot form a branch; a joint branch with a neighbouring village is needed, which this system does not handle; accepted: at least 3 members with standing "full"',
      'line 12, field seats: got "five"; accepted: a whole number such as 24',
      'line 12, field approver_town-committee: got text of 7 characters (not quoted: personal data); accepted: id:name pairs separated by ";", e.g. "wang.li:Wang Li;zhao.min:Zhao Min"',
      'village Xigou of Mangling (lines 12-14): 2 full members: fewer than 3 cannot form a branch; a joint branch with a neighbouring village is needed, which this system does not handle; accepted: at least 3 members with standing "full"',
      'line 13, field method: got "two-recommendations-direct-election"; accepted: the same value on every row of village Xigou of Mangling (line 12 has "two-recommendations-one-election")',
      'line 14, field standing: got text of 7 characters (not quoted: personal data); accepted: one of full, probationary, on-probation, suspended',
    ]);
  });

  it('keeps the good villages startable and the bad ones out, so --skip-invalid can start the rest', () => {
    expect(check.fileProblems).toEqual([]);
    expect(validVillages(check).map((v) => v.workflowId)).toEqual(['reelection/2026/Heluo/Qilipu', 'reelection/2026/Mangling/Dongpo']);
    expect(check.villages.filter((v) => !v.input).map((v) => `${v.village} ${v.where}`)).toEqual([
      'Lucun lines 5-8',
      'Beiguan lines 9-11',
      'Xigou lines 12-14',
    ]);
  });

  it('refuses a pinyin with a hidden character on its line, by its size, never quoting it', () => {
    const text = [
      `${HEADER},pinyin`,
      ...['m1', 'm2', 'm3'].map((id, i) => `${member('T', 'V', id)},${i === 1 ? 'Zhou\u200bFang' : 'Zhou Fang'}`),
    ].join('\n');
    const problems = rosterProblems(checkCsvRoster(text, { term: 2026 }));
    expect(problems).toEqual([
      expect.stringMatching(/^line 3, field pinyin: got text of 9 characters \(not quoted: personal data\); accepted: /),
    ]);
    expect(problems.join()).not.toContain('Zhou');
  });

  it('refuses seats that do not suit the branch, on the line that gives them', () => {
    const text = [`${HEADER},seats`, ...['m1', 'm2', 'm3', 'm4'].map((id) => `${member('T', 'V', id)},5`)].join('\n');
    expect(rosterProblems(checkCsvRoster(text, { term: 2026 }))).toEqual([
      'line 2, field seats: got "5"; accepted: seats that suit the branch (5 seats: with 4 full members (fewer than 7) there is no committee, so the seats must be 1 (the secretary))',
    ]);
  });
});

describe('problems that stop a whole CSV file', () => {
  it('needs --term, since a CSV roster carries none', () => {
    const check = checkCsvRoster(fixture('two-towns.csv'));
    expect(check.fileProblems).toEqual(['--term: got nothing; accepted: a year such as 2026 (a CSV roster carries no term)']);
    expect(validVillages(check)).toEqual([]);
  });

  it('names missing, unknown and repeated header columns and an approver column for no role', () => {
    const check = checkCsvRoster(
      'town,village,member_id,name,gender,birth_date,joined_party,standing,colour,approver_mayor,name\nT,V,m1,A,male,1970-01-01,1995-07-01,full,red,,A\n',
      {
        term: 2026,
      },
    );
    expect(check.fileProblems).toEqual([
      expect.stringMatching(
        /^line 1, header: no column education; accepted: a header row with town, village, member_id, name, gender, birth_date, joined_party, standing, education, and optionally pinyin, outgoing_post, /,
      ),
      expect.stringMatching(/^line 1, header: got the column "colour"; accepted: town, village, /),
      expect.stringMatching(
        /^line 1, header: got "approver_mayor"; accepted: approver_<role> with a role among town-committee, county-org-dept, /,
      ),
      'line 1, header: got the column "name" twice; accepted: each column once',
    ]);
  });

  it('refuses rows whose village cannot be told, even for --skip-invalid', () => {
    const text = [HEADER, member('T', 'V', 'm1'), member('T', '', 'm2'), `${member('T', 'V', 'm3')},extra`, member('T/X', 'V', 'm4')].join(
      '\n',
    );
    expect(checkCsvRoster(text, { term: 2026 }).fileProblems).toEqual([
      'line 3, field village: got ""; accepted: the village name; the row\'s village cannot be told, so nothing in the file starts (even with --skip-invalid)',
      "line 4: got 12 fields; accepted: 11 fields, one per header column (a value with a comma needs double quotes); the row's village cannot be told, so nothing in the file starts (even with --skip-invalid)",
      'line 5, field town: got "T/X"; accepted: the town name without "/" (it separates the parts of the workflow id); the row\'s village cannot be told, so nothing in the file starts (even with --skip-invalid)',
    ]);
  });

  it('names the line where a file stops being UTF-8 (a GBK export, say)', () => {
    const gbk = Buffer.concat([
      Buffer.from(`${HEADER}\n${member('T', 'V', 'm1')}\n`),
      Buffer.from([0xba, 0xd3, 0xc2, 0xe5]),
      Buffer.from(',V,m2\n'),
    ]);
    expect(readRoster(tempFile('gbk.csv', gbk), { term: 2026 }).fileProblems).toEqual([
      'line 3: the file is not UTF-8 text; accepted: UTF-8, with or without a byte-order mark (in a spreadsheet: save as "CSV UTF-8")',
    ]);
  });
});

describe('JSON rosters', () => {
  it('reads a county file: towns, their plans and villages, each with its JSON path', () => {
    const check = readRoster(join(FIXTURES, 'county.json'));
    expect(rosterProblems(check)).toEqual([]);
    expect(check.villages.map((v) => [v.where, v.workflowId])).toEqual([
      ['towns[0].villages[0]', 'reelection/2026/Heluo/Shuanghuaishu'],
      ['towns[0].villages[1]', 'reelection/2026/Heluo/Luokou'],
      ['towns[1].villages[0]', 'reelection/2026/Mangling/Xigou'],
      ['towns[1].villages[1]', 'reelection/2026/Mangling/Dongpo'],
    ]);
    expect(check.villages[2]!.input!.plan.publicityWorkingDays).toBe(7);
    expect(check.villages[0]!.input!.plan.publicityWorkingDays).toBe(5);
    expect(check.villages[2]!.facts).toEqual({ representatives: 20, category: 'poor', stable: false });
  });

  it('names a bad value by its JSON path, the value and what is accepted', () => {
    const county = generateCountyRoster({ towns: 3, villagesPerTown: 6, term: 2026, seed: 7 });
    const village = county.towns[2]!.villages[5]!;
    (village.roster[3] as { gender: string }).gender = 'M';
    (village as { category: string }).category = 'excellent';
    (county.towns[0]!.villages[1]! as { seats: number }).seats = 9;
    expect(rosterProblems(checkJsonRoster(county))).toEqual([
      expect.stringMatching(
        /^towns\[0\]\.villages\[1\]\.seats: got 9; accepted: seats that suit the branch \(9 seats: a committee has at most 7 members\)$/,
      ),
      'towns[2].villages[5].roster[3].gender: got text of 1 character (not quoted: personal data); accepted: one of male, female',
      'towns[2].villages[5].category: got "excellent"; accepted: one of good, medium, poor',
    ]);
  });

  it('refuses a village listed twice, naming both places', () => {
    const county = generateCountyRoster({ towns: ['Heluo'], villagesPerTown: 2, term: 2026 });
    county.towns[0]!.villages[1]!.village = county.towns[0]!.villages[0]!.village;
    const check = checkJsonRoster(county);
    expect(rosterProblems(check)).toEqual([
      'towns[0].villages[0].village: got "Beizhuang"; accepted: each village once per town (Beizhuang of Heluo is also at towns[0].villages[1])',
      'towns[0].villages[1].village: got "Beizhuang"; accepted: each village once per town (Beizhuang of Heluo is also at towns[0].villages[0])',
    ]);
    expect(validVillages(check)).toEqual([]);
  });

  it("reads a town file, and one village's member array with --town, --village and --term", () => {
    const county = generateCountyRoster({ towns: ['Heluo'], villagesPerTown: 2, term: 2026 });
    const town = { town: 'Heluo', term: 2026, villages: county.towns[0]!.villages };
    expect(checkJsonRoster(town).villages.map((v) => [v.where, v.workflowId])).toEqual([
      ['villages[0]', 'reelection/2026/Heluo/Beizhuang'],
      ['villages[1]', 'reelection/2026/Heluo/Nanzhuang'],
    ]);
    const members = county.towns[0]!.villages[0]!.roster;
    const one = checkJsonRoster(members, { town: 'Heluo', village: 'Xishan', term: '2026' });
    expect(one.villages.map((v) => v.workflowId)).toEqual(['reelection/2026/Heluo/Xishan']);
    expect(checkJsonRoster(members, { town: 'Heluo' }).fileProblems).toEqual([
      "--village: got nothing; accepted: the village name (the roster file is one village's members)",
      "--term: got nothing; accepted: the term, a year such as 2026 (the roster file is one village's members)",
    ]);
  });

  it('names unknown fields, a bad term and a bad town plan once, as problems of the whole file', () => {
    const county = generateCountyRoster({ towns: 2, villagesPerTown: 2, term: 2026 }) as CountyRosterFile & Record<string, unknown>;
    const file = {
      ...county,
      term: 1999,
      region: 'x',
      towns: [{ ...county.towns[0]!, plan: { publicityWorkingDays: 99 } }, county.towns[1]!],
    };
    expect(checkJsonRoster(file).fileProblems).toEqual([
      '(top level): unknown field(s) region; accepted: county, term, towns',
      'term: got 1999; accepted: a year such as 2026',
      'towns[0].plan.publicityWorkingDays: got 99; accepted: a whole number of working days from 0 to 60',
    ]);
  });

  it('reports where JSON text breaks, by line', () => {
    const check = readRoster(tempFile('town.json', '{\n  "town": "Heluo",\n  "term": 2026,\n  "villages": [,]\n}\n'));
    expect(check.fileProblems).toEqual([
      expect.stringMatching(/^line 4, column 16: not valid JSON \(Unexpected token .*\); accepted: a town file/),
    ]);
  });
});

describe('the generated county roster', () => {
  it('gives 300 valid villages with unique stable ids, the same for the same seed', () => {
    const county = generateCountyRoster({ towns: 10, villagesPerTown: 30, term: 2026, seed: 42 });
    const check = checkJsonRoster(county);
    expect(rosterProblems(check)).toEqual([]);
    const ids = validVillages(check).map((v) => v.workflowId);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(generateCountyRoster({ towns: 10, villagesPerTown: 30, term: 2026, seed: 42 })).toEqual(county);
    expect(generateCountyRoster({ towns: 10, villagesPerTown: 30, term: 2026, seed: 43 })).not.toEqual(county);
  });
});

it('shortens runs of lines', () => {
  expect(linesText([2, 3, 4, 5, 9, 11, 12])).toBe('lines 2-5, 9, 11-12');
  expect(linesText([7])).toBe('line 7');
});
