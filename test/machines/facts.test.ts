import { noticeFactsSchemas, NOTICE_KINDS, type NoticeParams } from '../../machines/notices';
import { outcomeFactsSchema, type OutcomeParams } from '../../machines/outcome';
import { driveTo, input, LUOKOU, person, send, start, type Run } from './fixtures';

const done = (run: Run) => driveTo((s) => s.status === 'done', { from: run });
const runs = [
  done(start(input())),
  done(start(input({}, { village: LUOKOU }))),
  done(start(input({}, { members: 8 }))),
  send(start(input()), { type: 'CANCEL', by: person('town-committee'), reason: 'the village was merged into an urban community' }),
];
const notices = runs.flatMap((run) => run.actions.filter((a) => a.type === 'notify').map((a) => a.params as NoticeParams));
const outcomes = runs.flatMap((run) => run.actions.filter((a) => a.type === 'recordOutcome').map((a) => a.params as OutcomeParams));

describe('the facts the machine writes', () => {
  it.each(notices.map((n) => [n.kind, n] as const))('a %s notice has exactly the facts its schema names', (kind, notice) => {
    expect(noticeFactsSchemas[kind].strict().safeParse(notice.facts).error?.issues).toBeUndefined();
  });

  it('has a schema for every notice kind and no schema left over', () => {
    expect(Object.keys(noticeFactsSchemas)).toEqual(NOTICE_KINDS);
  });

  it.each(outcomes.map((o) => [o.status, o] as const))('a %s outcome has the facts the report reads', (_status, outcome) => {
    expect(outcomeFactsSchema.safeParse(outcome.facts).error?.issues).toBeUndefined();
  });
});
