import { readDecisionForm, renderDecisionFields } from '../../../desk/forms';
import { translator, type Locale } from '../../../desk/i18n';
import { at, atStage, driveTo, person, send } from '../../machines/fixtures';
import { controlsOf, factsOf, throughForm } from './support';

const run = driveTo(atStage('conferenceNotice'));
const { facts, view } = factsOf(run);
const render = (locale: Locale = 'zh') =>
  renderDecisionFields({
    type: 'CALL_CONFERENCE',
    role: 'village-branch',
    facts,
    view,
    tr: translator(locale),
    locale,
    now: at,
  }).toString();
const read = (body: Record<string, string>, locale: Locale = 'en') =>
  readDecisionForm('CALL_CONFERENCE', body, facts, { tr: translator(locale), now: at });

describe("the desk's form that calls the conference", () => {
  it('asks for a date (no earlier than the lead time allows), a time and a place, and says the earliest day', () => {
    const controls = controlsOf(render());
    expect(controls.map((c) => [c.attrs.name, c.attrs.type])).toEqual([
      ['date', 'date'],
      ['time', 'time'],
      ['place', 'text'],
    ]);
    expect(controls[0]!.attrs.min).toBe('2026-12-01');
    expect(render('en')).toContain('The members must be told 7 day(s) ahead');
  });

  it('sends the call the scripted office makes, through its fields, and the workflow takes it', () => {
    const call = {
      type: 'CALL_CONFERENCE',
      by: person('village-branch'),
      date: '2026-12-01',
      time: '09:00',
      place: '村党群服务中心会议室',
    };
    const { decision } = throughForm(facts, view, call);
    expect(send(run, decision).snapshot.context.conference).toMatchObject({ date: '2026-12-01', time: '09:00' });
  });

  it('refuses a date a day too soon beside the date field, with the rule of the workflow', () => {
    const result = read({ date: '2026-11-30', time: '09:00', place: '村党群服务中心会议室' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'date',
          message: expect.stringContaining(
            'date: got 2026-11-30; accepted: 2026-12-01 or later (called on 2026-11-24, the members are given 7 day(s) of notice)',
          ) as string,
        },
      ],
    });
  });

  it('reads a time typed with full-width digits, and refuses one that is not a time of day beside the time field', () => {
    expect(read({ date: '2026-12-01', time: '１４：３０', place: '村委会' })).toMatchObject({ ok: true, decision: { time: '14:30' } });
    const refused = read({ date: '2026-12-01', time: '25:00', place: '村委会' });
    expect(refused).toMatchObject({ ok: false, errors: [{ field: 'time', message: expect.stringContaining('00:00 to 23:59') as string }] });
  });
});
