import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import { TIMER_SUMMARIES } from '../machines/timers';
import type { TimerView } from '../machines/view';

/** The shape of a delayed `xstate.raise` the host turns into a durable timer. */
export interface DelayedRaise {
  type: 'xstate.raise';
  params: { event: { type: string }; id?: string; delay?: number };
}

/** A running timer as continue-as-new carries it: it restarts with whatever time it has left. */
export interface CarriedTimer {
  id: string;
  event: { type: string };
  firesAt: number;
}

interface RunningTimer {
  scope: CancellationScope;
  event: { type: string };
  firesAt: number;
}

/**
 * The statechart's delayed events as durable Temporal timers: `start` for a delayed raise,
 * `cancel` for `xstate.cancel`. A fired timer hands its event to `deliver`; a cancelled one never does,
 * and one that fired but whose event is still waiting in the host's queue is taken back with `withdraw`.
 */
export class DurableTimers {
  private readonly running = new Map<string, RunningTimer>();
  private changes = 0;

  constructor(
    private readonly deliver: (event: { type: string; at: number }, id: string) => void,
    private readonly withdraw: (id: string) => void = () => {},
  ) {}

  /** Starts (or restarts) the timer `id`; a zero or negative delay delivers at once, without a timer. */
  start(id: string, event: { type: string }, delayMs: number): void {
    this.cancel(id);
    if (delayMs <= 0) {
      this.deliver({ ...event, at: Date.now() }, id);
      return;
    }
    const scope = new CancellationScope();
    const timer = { scope, event, firesAt: Date.now() + delayMs };
    this.running.set(id, timer);
    this.changes += 1;
    scope
      .run(() => sleep(delayMs, { summary: TIMER_SUMMARIES[id] ?? `Waits for ${event.type}` }))
      .then(() => {
        if (this.running.get(id) !== timer) return;
        this.running.delete(id);
        this.changes += 1;
        this.deliver({ ...event, at: Date.now() }, id);
      })
      .catch((err) => {
        if (!isCancellation(err)) throw err;
      });
  }

  /**
   * Cancels the timer `id`: stops it if it is running, and withdraws its event if it already fired but has
   * not been processed (it fired while the event that cancels it was being processed: cancelled is cancelled).
   */
  cancel(id: string): void {
    this.withdraw(id);
    const timer = this.running.get(id);
    if (!timer) return;
    this.running.delete(id);
    this.changes += 1;
    timer.scope.cancel();
  }

  /** Counts every start, firing and cancellation: the list of running timers is unchanged while it is. */
  get revision(): number {
    return this.changes;
  }

  /** The running timers with their events and deadlines, to restart them after continue-as-new. */
  carry(): CarriedTimer[] {
    return [...this.running.entries()].map(([id, t]) => ({ id, event: t.event, firesAt: t.firesAt }));
  }

  /** The running timers, for the public view. */
  list(): TimerView[] {
    return [...this.running.entries()].map(([id, t]) => ({ id, event: t.event.type, firesAt: new Date(t.firesAt).toISOString() }));
  }
}
