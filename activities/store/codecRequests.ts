import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { CodecRequestsTable, StoreSchema } from './schema';

/** One request to the codec server as recorded: who, when, which workflows, how many payloads, how it was answered. */
export const codecRequestSchema = z.object({
  at: z.string(),
  personId: z.string().nullable(),
  action: z.enum(['decode', 'encode', 'preflight']),
  outcome: z.enum(['decoded', 'encoded', 'refused', 'failed']),
  /** Why it was refused or failed (a short code: signed-out, out-of-scope, origin, …); null when answered. */
  reason: z.string().nullable(),
  workflowIds: z.array(z.string()),
  payloads: z.number().int().min(0),
  origin: z.string().nullable(),
  namespace: z.string().nullable(),
  client: z.string().nullable(),
});
/** A line of the codec server's log. */
export type CodecRequest = z.infer<typeof codecRequestSchema>;

const fromRow = (row: Selectable<CodecRequestsTable>): CodecRequest =>
  codecRequestSchema.parse({
    at: row.at,
    personId: row.person_id,
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    workflowIds: JSON.parse(row.workflow_ids) as unknown,
    payloads: Number(row.payloads),
    origin: row.origin,
    namespace: row.namespace,
    client: row.client,
  });

/** The codec server's log in the outcome store: written by desk/codec on every request, read by `election codec log`. */
export class CodecRequestLog {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** Records one request; the workflow ids are stored sorted and once each. */
  async record(line: CodecRequest): Promise<void> {
    const checked = codecRequestSchema.parse(line);
    // Checked here as well as by the foreign key: a log line must name someone the registry holds, on either database.
    if (checked.personId !== null) {
      const known = await this.db.selectFrom('people').select('id').where('id', '=', checked.personId).executeTakeFirst();
      if (!known)
        throw new Error(`codec request log: personId: got ${JSON.stringify(checked.personId)}; accepted: a person of the registry`);
    }
    await this.db
      .insertInto('codec_requests')
      .values({
        at: checked.at,
        person_id: checked.personId,
        action: checked.action,
        outcome: checked.outcome,
        reason: checked.reason,
        workflow_ids: JSON.stringify([...new Set(checked.workflowIds)].sort()),
        payloads: checked.payloads,
        origin: checked.origin,
        namespace: checked.namespace,
        client: checked.client,
      })
      .execute();
  }

  /** The log, oldest first: all of it, one person's, one workflow's (any request that named it), or since an instant. */
  async lines(filter: { person?: string; workflowId?: string; since?: string } = {}): Promise<CodecRequest[]> {
    let query = this.db.selectFrom('codec_requests').selectAll();
    if (filter.person !== undefined) query = query.where('person_id', '=', filter.person);
    if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
    const rows = (await query.orderBy('id').execute()).map(fromRow);
    const { workflowId } = filter;
    return workflowId === undefined ? rows : rows.filter((r) => r.workflowIds.includes(workflowId));
  }
}
