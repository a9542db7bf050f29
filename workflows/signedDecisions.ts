import { CLOCK_SKEW_MS, verifyEnvelope, verifyStart, type Envelope, type StartVerification, type Verification } from '../machines/envelope';
import type { VillageKeyring } from '../machines/keyring';
import { workerActivities } from './actions';

/** What an election with signed decisions hands to its next run at continue-as-new: its keyring and the decision ids it took. */
export interface CarriedSigning {
  keyring: VillageKeyring;
  /** Each decision id taken, with its envelope's expiresAt in milliseconds. */
  decisionIdsUsed: [string, number][];
}

/**
 * The keyring an election verifies its decisions against, and the decision ids it has taken. The keyring comes only
 * from the worker's read of the people registry (a local activity, so history keeps what was verified against).
 * An id is kept until its envelope has expired (by workflow time, allowing the clock skew): after that the envelope
 * is refused as EXPIRED anyway, so the set holds at most the decisions of the last ENVELOPE_LIFETIME_MAX_MS.
 */
export class SignedDecisions {
  private constructor(
    private keyring: VillageKeyring,
    private readonly used: Map<string, number>,
  ) {}

  /** The keyring a continued run carried, or the worker's reading of the registry for a fresh start. */
  static async start(village: { town: string; village: string }, carried?: CarriedSigning): Promise<SignedDecisions> {
    if (carried) return new SignedDecisions(carried.keyring, new Map(carried.decisionIdsUsed));
    return new SignedDecisions(await readKeyring(village), new Map());
  }

  /** Reads the keyring again (the `keyringChanged` signal): a key revoked in the registry is refused from now on. */
  async refresh(): Promise<void> {
    this.keyring = await readKeyring(this.keyring);
  }

  /** Verifies an envelope for this election at workflow time `now`; takes nothing (see `taken`). */
  verify(raw: unknown, workflowId: string, now: number): Verification {
    return verifyEnvelope(raw, { workflowId, now, keyring: this.keyring, decisionIdsUsed: (id) => this.used.has(id) });
  }

  /** Verifies the start input of a fresh run against the keyring read for it, at the run's start time. */
  verifyStart(raw: unknown, context: { workflowId: string; villageWorkflowId: string; now: number }): StartVerification {
    return verifyStart(raw, { ...context, keyring: this.keyring });
  }

  /** Marks a verified envelope's decision id as taken, so that the same envelope is refused if it comes again. */
  taken(envelope: unknown, now: number): void {
    for (const [id, expiry] of this.used) if (expiry + CLOCK_SKEW_MS <= now) this.used.delete(id);
    // Verified before, so both fields are there and well-formed.
    const { decisionId, expiresAt } = envelope as Pick<Envelope, 'decisionId' | 'expiresAt'>;
    this.used.set(decisionId, Date.parse(expiresAt));
  }

  /** What the next run takes over. */
  carry(): CarriedSigning {
    return { keyring: this.keyring, decisionIdsUsed: [...this.used] };
  }
}

function readKeyring({ town, village }: { town: string; village: string }): Promise<VillageKeyring> {
  return workerActivities.villageKeyring.executeWithOptions(
    { summary: `Read the keyring of ${village}, ${town} from the people registry` },
    [{ town, village }],
  );
}

/**
 * What a refused envelope's record names: the decision's type only. The actor it claims is not verified, so it is
 * not recorded as the sender.
 */
export function envelopeSubject(raw: unknown): { type?: unknown } {
  const decision = raw && typeof raw === 'object' ? (raw as { decision?: unknown }).decision : undefined;
  if (decision && typeof decision === 'object') return { type: (decision as { type?: unknown }).type };
  return { type: raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined };
}
