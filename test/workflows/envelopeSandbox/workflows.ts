import { sleep, workflowInfo } from '@temporalio/workflow';
import { verifyEnvelope } from '../../../machines/envelope';
import type { VillageKeyring } from '../../../machines/keyring';

/** Envelopes to verify in turn against a keyring, as an election would take them. */
export interface EnvelopeTrial {
  envelopes: unknown[];
  keyring: VillageKeyring;
}

/** One envelope's verdict: the refusal code and reason, or OK with who it was verified as. */
export type TrialVerdict = { code: string; by?: unknown; reason?: string };

/**
 * Verifies each envelope at workflow time with the ids already taken, and starts a timer after each one it accepts:
 * the commands follow the verdicts, so a replay that judged any envelope otherwise would not match the history.
 */
export async function verifyEnvelopes(trial: EnvelopeTrial): Promise<TrialVerdict[]> {
  const used = new Set<string>();
  const verdicts: TrialVerdict[] = [];
  for (const raw of trial.envelopes) {
    const verification = verifyEnvelope(raw, {
      workflowId: workflowInfo().workflowId,
      now: Date.now(),
      keyring: trial.keyring,
      decisionIdsUsed: (id) => used.has(id),
    });
    if (verification.ok) {
      used.add(verification.decisionId);
      verdicts.push({ code: 'OK', by: verification.event.by });
      await sleep(10);
    } else {
      verdicts.push({ code: verification.code, reason: verification.reason });
    }
  }
  return verdicts;
}
