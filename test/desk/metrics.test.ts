import { DESK_PEOPLE } from '../../client/demo/deskDemo';
import { approvalsInbox } from '../../client/inbox';
import { driveUntil, scriptFor, startVillage, villageInput } from '../support/election';
import { deskPerson, PASSWORD, useDesk } from '../support/desk';
import { sampleValue, scrape } from '../support/prometheus';
import { startSignedVillage } from '../support/signedStart';
import { uniqueId } from '../support/temporal';
import { Browser } from './auth/deskAuthApp';

/** The desk with its metrics listener on a free loopback port, the fleet gauges collected afresh on every scrape. */
const env = useDesk({ metricsAddress: '127.0.0.1:0', fleetTtlMs: 0 });

/**
 * The desk's /metrics, scraped from its own listener after real traffic: a decision made through the desk, a codec
 * call refused, pages answered; and the fleet gauges from visibility over villages of a town of the test's own.
 */
describe('the desk’s Prometheus endpoint', () => {
  const town = uniqueId('Town');
  const waiting = villageInput({ town });
  const signed = villageInput();
  let text = '';

  beforeAll(async () => {
    // A village of the test's town driven to where it waits on the town committee's approval.
    const handle = await startVillage(env.client, env.taskQueue, waiting);
    await driveUntil(handle, scriptFor(waiting), (view) => view.awaitingRoles.includes('town-committee'));

    // A decision made through the desk, by the guidance cadre of Heluo, on a signed village there.
    await startSignedVillage(env.client, env.taskQueue, signed, { keyFile: env.signers.keyFileOf('script-town')! });
    const cadre = new Browser(env.desk.url);
    expect((await cadre.signIn(deskPerson('guidance-group').id, PASSWORD)).statusCode).toBe(303);
    const path = `/v/${signed.term}/${signed.town}/${encodeURIComponent(signed.village)}/decide/RECORD_INVESTIGATION`;
    expect((await cadre.get(path)).statusCode).toBe(200);
    const made = await cadre.post(path, { category: 'good', stable: 'true', representatives: '20' });
    expect(made.statusCode).toBe(200);

    // A codec call without a session: refused.
    const stranger = new Browser(env.desk.url);
    const refused = await stranger.request(
      'POST',
      '/codec/decode',
      { 'content-type': 'application/json', 'x-namespace': 'default' },
      '{"payloads":[]}',
    );
    expect(refused.statusCode).toBe(401);

    // Visibility lags the workflow's upserts by about a second: scrape until the village waiting shows.
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      text = await scrape(env.desk.metricsUrl!);
      if (sampleValue(text, 'election_approvals_pending', { town, role: 'town-committee' }) === 1) break;
    }
  }, 120_000);

  it('listens apart from the desk’s pages, on loopback', () => {
    expect(env.desk.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(env.desk.metricsUrl!).port).not.toBe(new URL(env.desk.url).port);
  });

  it('counts requests by route template and status, with their latency, never by the path that names a village', () => {
    const route = '/v/:term/:town/:village/decide/:type';
    expect(sampleValue(text, 'election_desk_http_requests_total', { method: 'POST', route, status: '200' })).toBe(1);
    expect(sampleValue(text, 'election_desk_http_request_duration_seconds_count', { method: 'POST', route })).toBe(1);
    expect(sampleValue(text, 'election_desk_http_requests_total', { method: 'POST', route: '/codec/decode', status: '401' })).toBe(1);
    expect(text).not.toContain(signed.village);
  });

  it('counts the decision it sent by type and outcome, and the codec call by outcome and reason', () => {
    expect(sampleValue(text, 'election_desk_decisions_sent_total', { decision_type: 'RECORD_INVESTIGATION', outcome: 'accepted' })).toBe(1);
    expect(sampleValue(text, 'election_desk_codec_requests_total', { action: 'decode', outcome: 'refused', reason: 'signed-out' })).toBe(1);
  });

  it('serves the fleet gauges from visibility: villages per town and stage, approvals pending and overdue per town and role', () => {
    expect(sampleValue(text, 'election_villages_running', { town })).toBe(1);
    expect(sampleValue(text, 'election_approvals_pending', { town, role: 'town-committee' })).toBe(1);
    expect(text).toContain('# TYPE election_approvals_overdue gauge');
    expect(sampleValue(text, 'election_fleet_collected_timestamp_seconds')).toBeGreaterThan(0);
    expect(sampleValue(text, 'election_fleet_collect_failures_total')).toBe(0);
  });

  it('counts an approval overdue once its escalation time has passed, as the inbox does', async () => {
    // The test village's periods are shortened: its escalation passes within seconds.
    const inbox = async () => (await approvalsInbox(env.client, { role: 'town-committee', town })).entries;
    for (const until = Date.now() + 60_000; Date.now() < until && !(await inbox()).some((e) => e.overdue);)
      await new Promise((r) => setTimeout(r, 250));
    expect((await inbox()).map((e) => e.overdue)).toEqual([true]);
    expect(sampleValue(await scrape(env.desk.metricsUrl!), 'election_approvals_overdue', { town, role: 'town-committee' })).toBe(1);
  }, 90_000);

  it('carries no name of a roster member or of a person of the desk', () => {
    const names = [...waiting.roster, ...signed.roster].map((m) => m.name).concat(DESK_PEOPLE.map((p) => p.name));
    expect(names.filter((name) => text.includes(name))).toEqual([]);
  });
});
