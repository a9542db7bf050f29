import * as fs from 'node:fs';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { Client as PgClient } from 'pg';
import { searchAttributes } from '../../workflows/searchAttributes';
import { clusterScript, clusterSettings, type ClusterService } from '../support/cluster';
import { testConnection } from '../support/temporal';

const SERVICES: ClusterService[] = ['frontend', 'history', 'matching', 'worker'];
const DAY_S = 24 * 60 * 60;

describe('the cluster of scripts/cluster.sh', () => {
  const settings = clusterSettings();

  it('runs the frontend, history, matching and worker services each as a Temporal server process of its own', () => {
    const commands = SERVICES.map((service) => {
      const pid = fs.readFileSync(settings[`ELECTION_CLUSTER_${service.toUpperCase()}_PID_FILE`]!, 'utf8').trim();
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    });
    expect(commands.map((args) => [args[0]?.endsWith('/temporal-server'), args.find((a) => a.startsWith('--service='))])).toEqual(
      SERVICES.map((service) => [true, `--service=${service}`]),
    );
  });

  it('only reports itself up when started again', async () => {
    expect(await clusterScript('start')).toMatch(/^cluster: already up at 127\.0\.0\.1:\d+ /);
  });

  it('keeps closed histories 30 days in the election namespace and one day in the tests’ namespace', async () => {
    const { connection } = await testConnection();
    try {
      const retention = async (namespace: string) =>
        Number((await connection.workflowService.describeNamespace({ namespace })).config?.workflowExecutionRetentionTtl?.seconds);
      expect({ election: await retention(settings.ELECTION_CLUSTER_NAMESPACE!), default: await retention('default') }).toEqual({
        election: 30 * DAY_S,
        default: DAY_S,
      });
    } finally {
      await connection.close();
    }
  });

  it('lists every custom search attribute with its type on both namespaces (SQL visibility)', async () => {
    const { connection } = await testConnection();
    const wanted = Object.fromEntries(
      Object.values(searchAttributes).map(({ name, type }) => [name, encodeSearchAttributeIndexedValueType(type)]),
    );
    try {
      for (const namespace of [settings.ELECTION_CLUSTER_NAMESPACE!, 'default']) {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        expect({ namespace, attributes: customAttributes }).toEqual({ namespace, attributes: expect.objectContaining(wanted) });
      }
    } finally {
      await connection.close();
    }
  });

  it('keeps its namespaces in PostgreSQL, and visibility in a PostgreSQL database of its own', async () => {
    const names = async (url: string, sql: string) => {
      const pg = new PgClient({ connectionString: url });
      await pg.connect();
      try {
        return (await pg.query<{ name: string }>(sql)).rows.map((row) => row.name);
      } finally {
        await pg.end();
      }
    };
    expect(await names(settings.ELECTION_CLUSTER_PG_URL!, 'SELECT name FROM namespaces')).toEqual(
      expect.arrayContaining(['default', 'election']),
    );
    expect(
      await names(
        settings.ELECTION_CLUSTER_VISIBILITY_PG_URL!,
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
      ),
    ).toContain('executions_visibility');
  });
});
