import { checkJsonRoster } from '../../client/roster';
import { demoRoster } from '../support/election';

describe('a roster JSON village that asks for signed decisions', () => {
  const town = (signedDecisions: unknown) => ({
    town: 'Heluo',
    term: 2026,
    villages: [{ village: 'Xishan', roster: demoRoster('Xishan', 35), signedDecisions }],
  });

  it('starts with signedDecisions in its input', () => {
    const [village] = checkJsonRoster(town(true)).villages;
    expect(village!.problems).toEqual([]);
    expect(village!.raw).toMatchObject({ village: 'Xishan', signedDecisions: true });
  });

  it('is refused when signedDecisions is not true or false, naming the field and the value', () => {
    const [village] = checkJsonRoster(town('yes')).villages;
    expect(village!.problems).toEqual([expect.stringMatching(/^villages\[0\]\.signedDecisions: got "yes"; accepted: /)]);
  });
});
