import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPeopleCsv, MAX_PEOPLE_LINES, readPeopleFile } from '../../client/people/csv';
import { HIDDEN_CHARACTERS } from '../fuzz/hostileShapes';

const HEADER = 'person_id,name,contact,role,county,town,village,valid_from,valid_until';
const GOOD = 'wang.li,Wang Li,,town-committee,,Heluo,,2026-03-02,';
const problemsOf = (...rows: string[]) => checkPeopleCsv([HEADER, ...rows].join('\n')).problems;

describe('a people file a careless or hostile hand made', () => {
  it('reads a good file: each line its person and assignment, the days as the instants they begin in Beijing', () => {
    expect(checkPeopleCsv(`\ufeff${HEADER}\r\n${GOOD}\r\n"zhao.min","Zhao, ""Lao"" Min",0379-1,,,,,,\r\n`)).toEqual({
      problems: [],
      lines: [
        {
          line: 2,
          person: { id: 'wang.li', name: 'Wang Li' },
          assignment: { role: 'town-committee', scope: { town: 'Heluo' }, validFrom: '2026-03-01T16:00:00.000Z' },
        },
        { line: 3, person: { id: 'zhao.min', name: 'Zhao, "Lao" Min', contact: '0379-1' } },
      ],
    });
  });

  it.each(Object.entries(HIDDEN_CHARACTERS).filter(([, ch]) => ch !== '\r' && !/[\ud800-\udfff]/.test(ch)))(
    'refuses %s in a name, a person id or a town, with the line, the field and the character',
    (...[, ch]) => {
      const problems = problemsOf(GOOD, `chen${ch}jing,Chen Jing,,,,,,,`, `ma.lin,Ma${ch}Lin,,scrutineer,,He${ch}luo,Xishan,2026-03-02,`);
      expect(problems).toEqual([
        expect.stringMatching(
          /^line 3, field person_id: got "chen.+jing"; accepted: the person id without control characters, .+ \(this one has U\+[0-9A-F]{4}, .+, at character 5\)$/,
        ),
        expect.stringMatching(
          /^line 4, field name: got "Ma.+Lin"; accepted: the person's name without control characters, .+at character 3\)$/,
        ),
        expect.stringMatching(/^line 4, field town: got "He.+luo"; accepted: the town name without control characters/),
      ]);
      // The character is escaped where the problem quotes it, so it cannot hide or reorder the message.
      expect(problems.join('\n')).not.toContain(ch);
    },
  );

  it('quotes a 1.9 MB name cut short, with its length, and refuses a line of too many or too few fields', () => {
    const problems = problemsOf(`wang.li,${'N'.repeat(1_900_000)},,,,,,,`, 'a,b', `${GOOD},extra`);
    expect(problems).toEqual([
      `line 2, field name: got "${'N'.repeat(55)}… (1,900,000 characters); accepted: the person's name of 1 to 100 characters (this one has 1,900,000)`,
      'line 3: got 2 fields; accepted: 9, one per header column (a value with a comma needs double quotes)',
      'line 4: got 10 fields; accepted: 9, one per header column (a value with a comma needs double quotes)',
    ]);
  });

  it('refuses a file of more lines than it takes before checking any of them', () => {
    const rows = Array.from({ length: MAX_PEOPLE_LINES + 1 }, (_, i) => `p${i},${'\u202e'}Person,,,,,,,`);
    expect(problemsOf(...rows)).toEqual(['the file has 10,001 rows after its header; accepted: at most 10,000']);
  });

  it('refuses "__proto__" as a person id, a stray quote, and an unclosed quote with the line it starts on', () => {
    expect(problemsOf('__proto__,Proto,,,,,,,', 'a,b"c,,,,,,,', GOOD, 'x,"unclosed,,,,,,,', GOOD)).toEqual([
      'line 2, field person_id: got "__proto__"; accepted: the person id other than "__proto__"',
      'line 3, field 2: got "b\\"c", a double quote inside an unquoted field; accepted: the whole field in double quotes, with each inner quote doubled ("")',
      'line 5: a quoted field is never closed; accepted: a closing double quote (inner quotes doubled as "")',
    ]);
  });

  it('refuses an unknown or repeated column and a missing one, naming the columns it takes', () => {
    expect(checkPeopleCsv('person_id,name,Role,role,phone\nx,y,,,\n').problems).toEqual([
      'line 1, header: got the column "role" twice; accepted: each column once',
      'line 1, header: got the column "phone"; accepted: person_id, name, contact, role, county, town, village, valid_from, valid_until',
    ]);
    expect(checkPeopleCsv('id,name\nx,y\n').problems[0]).toBe(
      'line 1, header: no column person_id; accepted: a header with person_id, name, and optionally contact, role, county, town, village, valid_from, valid_until',
    );
  });

  it('refuses a scope that is none or two, a day that is not one, and a role without a start', () => {
    expect(
      problemsOf(
        'a,A,,scrutineer,,,,2026-03-02,',
        'b,B,,scrutineer,Luoning,Heluo,,2026-03-02,',
        'c,C,,scrutineer,,Heluo,,2026-3-2,',
        'd,D,,scrutineer,,Heluo,,,',
        'e,E,,,,Heluo,,,',
      ),
    ).toEqual([
      'line 2, field town: got ""; accepted: the town the role is over (or a county, or a town and a village)',
      'line 3, field county: got "Luoning" beside town "Heluo"; accepted: a county, or a town (and a village), not both',
      'line 4, field valid_from: got "2026-3-2"; accepted: a Beijing day written YYYY-MM-DD, such as 2026-03-02 (years 2000 to 2100)',
      'line 5, field valid_from: got ""; accepted: the Beijing day the role starts, YYYY-MM-DD, such as 2026-03-02',
      'line 6, field role: got ""; accepted: one of town-committee, county-org-dept, guidance-group, inspection-team, village-branch, scrutineer (the line gives town "Heluo")',
    ]);
  });

  it('refuses a file that is not UTF-8, naming the line, as the roster reader does', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'people-')), 'gbk.csv');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${HEADER}\n${GOOD}\nli.na,`), Buffer.from([0xc0, 0xee, 0xc4, 0xc8]), Buffer.from(',,,,,,,\n')]),
    );
    expect(readPeopleFile(file).problems).toEqual([
      'line 3: the file is not UTF-8 text; accepted: UTF-8, with or without a byte-order mark (in a spreadsheet: save as "CSV UTF-8")',
    ]);
    expect(readPeopleFile(join(tmpdir(), 'no-such-people.csv')).problems).toEqual([
      `FILE: cannot read ${JSON.stringify(join(tmpdir(), 'no-such-people.csv'))} (ENOENT); accepted: a readable CSV file`,
    ]);
  });
});
