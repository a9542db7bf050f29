import { plural } from './arithmetic';
import { verdict, type Verdict } from './verdict';

/** One verdict of the organisational inspection and joint review (组织考察, 联审) on a nominee. */
export interface InspectionVerdict {
  nomineeId: string;
  pass: boolean;
  reason?: string;
}

/** The inspection gives exactly one verdict on each nominee who passed the recommendation, and a fail gives its reason. */
export function checkInspection(input: { verdicts: readonly InspectionVerdict[]; nominees: readonly string[] }): Verdict {
  const { verdicts, nominees } = input;
  const given = verdicts.map((v) => v.nomineeId);
  const missing = nominees.filter((id) => !given.includes(id));
  const extra = given.filter((id) => !nominees.includes(id));
  const twice = given.filter((id, i) => given.indexOf(id) !== i);
  if (missing.length || extra.length || twice.length) {
    return verdict(
      false,
      'INSPECTION_NOT_ONE_VERDICT_PER_NOMINEE',
      `verdicts: need exactly one per nominee who passed the recommendation (${nominees.join(', ')})` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (extra.length ? `; not nominees: ${extra.join(', ')}` : '') +
        (twice.length ? `; given twice: ${twice.join(', ')}` : ''),
      { missing, extra, twice },
    );
  }
  const unexplained = verdicts.filter((v) => !v.pass && !v.reason?.trim());
  const passed = verdicts.filter((v) => v.pass).length;
  return unexplained.length
    ? verdict(
        false,
        'INSPECTION_FAIL_WITHOUT_REASON',
        `verdicts: a fail needs a reason (missing for ${unexplained.map((v) => v.nomineeId).join(', ')})`,
        {
          unexplained: unexplained.length,
        },
      )
    : verdict(true, 'INSPECTION_RECORDED', `${passed} of ${plural(given.length, 'nominee')} passed inspection`, {
        passed,
        nominees: given.length,
      });
}
