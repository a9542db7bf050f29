import { demoRoster } from '../../../client/demo/heluo';
import { translator } from '../../../desk/i18n';
import { decisionPage } from '../../../desk/pages/decide';
import type { ElectionFacts } from '../../../machines/facts';
import type { PublicView } from '../../../machines/view';

const facts = {
  town: 'Heluo',
  village: 'Qilipu',
  term: 2026,
  method: 'two-recommendations-one-election',
  roster: demoRoster('Qilipu', 38),
  form: 'committee',
  stage: 'startApproval',
  objectionQueue: [],
  machineVersion: 2,
} as unknown as ElectionFacts;
const view = { town: 'Heluo', village: 'Qilipu', term: 2026, stage: 'startApproval', status: 'running', pending: [], decisions: [] };

describe('a decision form refused', () => {
  it('lists its problems once, so that the summary and its title keep ids of their own', () => {
    const page = decisionPage(
      { locale: 'en', tr: translator('en'), path: '/', csrf: 'token' },
      {
        workflowId: 'reelection/2026/Heluo/Qilipu',
        view: view as unknown as PublicView,
        facts,
        type: 'APPROVE_START',
        role: 'town-committee',
        values: { seats: '9' },
        errors: [{ field: 'seats', message: 'seats: got 9; accepted: 3 to 7' }],
      },
    );
    expect(page.split('id="error-summary"').length - 1).toBe(1);
    expect(page.split('id="error-summary-title"').length - 1).toBe(1);
    expect(page).toContain('seats: got 9; accepted: 3 to 7');
  });
});
