import { PaperRefusal, verifyPaperCode } from '../../papers';
import { auditDecisions, type AuditReport } from '../audit/verify';
import { table, toJson } from '../format';
import { badInput, EXIT, JSON_OPTION, parse, say, type Command } from './common';
import { STORE_USAGE, withStore } from './store';

const options = {
  ...JSON_OPTION,
  town: { type: 'string' },
  village: { type: 'string' },
  store: { type: 'string' },
  code: { type: 'string' },
} as const;

/** `election audit verify`: every decision's signature and every election's hash chain, checked again from the store alone. */
export const auditCommand: Command = {
  name: 'audit',
  summary: "verify every signed decision's signature and each election's hash chain from the outcome store alone",
  usage: `election audit verify [--town T] [--village V] [--json]
election audit verify --code CODE [--json]

  --town T        only the elections of town T
  --village V     only the elections of village V
  --code CODE     check one printed paper by the verification code printed on it (such as 7K3Q-9WXD-2M4F): the
                  paper is made again from the record now and compared with what was printed, and its election's
                  hash chain is walked; every difference is named
  --json          print the summary, each election (with its chain's head hash) and the failing rows as JSON
${STORE_USAGE}

Reads the outcome store only (no Temporal, no network). For each election it walks the hash chain over its recorded
decisions and refusals (a row changed, moved or deleted after it was written breaks it), and verifies each signed
decision's Ed25519 envelope against the people registry as it stood when the decision was taken: the signature by
the key its key id names, for this election, within its dates, the key and the signer's assignment in force then (a
key revoked later still verifies; one revoked before does not), and that the recorded type, payload and author are
the envelope's. Decisions of elections without signed decisions are chain-checked and counted as unsigned, not as
failures. Every failing row is named (workflow id, step, key, what failed). Exit 0 when everything passes, 4 when
any row fails.`,
  async run(args) {
    const { values, positionals } = parse('audit', args, options, true);
    if (positionals.length !== 1 || positionals[0] !== 'verify') {
      throw badInput(`got ${JSON.stringify(positionals.join(' '))}; expected "verify" (election audit verify [--town T] [--village V])`);
    }
    if (values.code !== undefined) {
      if (values.town !== undefined || values.village !== undefined)
        throw badInput('--code: give either --code or --town/--village, not both (a code names its election)');
      return verifyCode(values.code, values.store, values.json === true);
    }
    const filter = { town: values.town, village: values.village };
    const { report, location } = await withStore(values.store, async (store) => ({
      report: await auditDecisions(store, filter),
      location: store.location,
    }));
    if (values.json) say(toJson({ store: location, ok: report.failures.length === 0, ...totals(report), ...report }));
    else say(describe(report, location, filter));
    return report.failures.length ? EXIT.inconsistent : EXIT.ok;
  },
};

function totals(report: AuditReport) {
  const sum = (field: 'decisions' | 'signed' | 'unsigned' | 'refusals') => report.elections.reduce((n, e) => n + e[field], 0);
  return { decisions: sum('decisions'), signed: sum('signed'), unsigned: sum('unsigned'), refusals: sum('refusals') };
}

function describe(report: AuditReport, location: string, filter: { town?: string; village?: string }): string {
  const { decisions, signed, unsigned, refusals } = totals(report);
  const scope = [filter.town && `town ${filter.town}`, filter.village && `village ${filter.village}`].filter(Boolean).join(', ');
  const lines = [
    `audit of ${location}${scope ? ` (${scope})` : ''}: ${report.elections.length} election(s), ${decisions} decision(s) checked`,
    `  ${signed} signed: signature, key, signer and record verified against the people registry as it stood when each was taken`,
    `  ${unsigned} unsigned (taken in elections without signed decisions): chain-checked only, not failures`,
    `  ${refusals} refusal(s): chain-checked`,
  ];
  if (!report.elections.length) return `audit of ${location}: no election recorded${scope ? ` for ${scope}` : ''}; nothing to check`;
  if (!report.failures.length) return [...lines, 'every row passes'].join('\n');
  const rows = report.failures.flatMap((f) =>
    f.problems.map((problem, i) =>
      i === 0
        ? [f.workflowId, f.seq === null ? '-' : String(f.seq), f.chainPos === null ? '-' : String(f.chainPos), f.key, problem]
        : ['', '', '', '', problem],
    ),
  );
  return [...lines, `FAILED: ${report.failures.length} row(s)`, table(['workflow id', 'seq', 'chain', 'key', 'what failed'], rows)].join(
    '\n',
  );
}

/** `election audit verify --code`: one printed paper against the record; exit 0 when it holds, 4 when anything differs. */
async function verifyCode(code: string, storeFile: string | undefined, json: boolean): Promise<number> {
  const result = await withStore(storeFile, async (store) => {
    try {
      return { ...(await verifyPaperCode(store, code)), location: store.location };
    } catch (err) {
      if (err instanceof PaperRefusal) throw badInput(err.message);
      throw err;
    }
  });
  const { location, ...verdict } = result;
  if (json) say(toJson({ store: location, code, ...verdict }));
  else {
    const p = verdict.paper!;
    const paper = `${p.kind}${p.round !== undefined ? ` round ${p.round}` : ''} of ${p.village} (${p.town}, ${p.term}), printed ${p.printedAt}`;
    say(
      verdict.ok
        ? `code ${code}: ${paper}: the record gives the same paper and its election's chain holds`
        : [`code ${code}: ${paper}: FAILED`, ...verdict.problems.map((problem) => `  - ${problem}`)].join('\n'),
    );
  }
  return verdict.ok ? EXIT.ok : EXIT.inconsistent;
}
