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
  scope?: CancellationScope;
  event: { type: string };
  firesAt: number;
  serial: number;
}

/** A fired timer's event as the host queues it: `serial` names the start it came from. */
export type TimerEvent = { type: string; at: number };

/**
 * How a timer is cancelled.
 * - `settled` (every election started since the change): a timer runs until its event is taken from the host's
 *   queue; cancelling it only forgets it, so its event, fired or not, is never taken. No command depends on when
 *   the SDK hands the timer's firing over, which live and replay can do at different points (a local activity's
 *   result and a timer's firing, docs/known-issues/withdraw-patch-race.md); the event's time is its deadline.
 * - `legacy` (histories from before): the timer is stopped with a cancel command, and a fired event still waiting
 *   in the queue is taken back with `withdraw`. Kept only so that those histories replay as they ran.
 */
export type TimerMode = 'settled' | 'legacy';

/**
 * The statechart's delayed events as durable Temporal timers: `start` for a delayed raise,
 * `cancel` for `xstate.cancel`. A fired timer hands its event to `deliver`; the host asks `take` before it
 * processes it, and a cancelled timer's event is never taken.
 */
export class DurableTimers {
  private readonly running = new Map<string, RunningTimer>();
  private changes = 0;
  private serials = 0;

  constructor(
    private readonly mode: TimerMode,
    private readonly deliver: (event: TimerEvent, id: string, serial: number) => void,
    private readonly withdraw: (id: string) => void = () => {},
  ) {}

  /** Starts (or restarts) the timer `id`; a zero or negative delay delivers at once, without a timer. */
  start(id: string, event: { type: string }, delayMs: number): void {
    this.cancel(id);
    this.serials += 1;
    const serial = this.serials;
    if (delayMs <= 0) {
      if (this.mode === 'settled') this.track(id, { event, firesAt: Date.now(), serial });
      this.deliver({ ...event, at: Date.now() }, id, serial);
      return;
    }
    const scope = new CancellationScope();
    const timer: RunningTimer = { scope, event, firesAt: Date.now() + delayMs, serial };
    this.track(id, timer);
    scope
      .run(() => sleep(delayMs, { summary: TIMER_SUMMARIES[id] ?? `Waits for ${event.type}` }))
      .then(() => {
        if (this.running.get(id) !== timer) return;
        if (this.mode === 'settled') {
          this.deliver({ ...event, at: timer.firesAt }, id, serial);
          return;
        }
        this.running.delete(id);
        this.changes += 1;
        this.deliver({ ...event, at: Date.now() }, id, serial);
      })
      .catch((err) => {
        if (!isCancellation(err)) throw err;
      });
  }

  /**
   * Whether the event of the start `serial` of timer `id` is still due, as the host takes it from its queue; a due
   * event leaves the running list here. Always true in `legacy` mode, where cancelling withdraws the event instead.
   */
  take(id: string, serial: number): boolean {
    if (this.mode === 'legacy') return true;
    if (this.running.get(id)?.serial !== serial) return false;
    this.running.delete(id);
    this.changes += 1;
    return true;
  }

  /**
   * Cancels the timer `id`. `settled`: forgets it, so that its event is never taken. `legacy`: stops it if it is
   * running, and withdraws its event if it already fired but has not been processed.
   */
  cancel(id: string): void {
    if (this.mode === 'legacy') this.withdraw(id);
    const timer = this.running.get(id);
    if (!timer) return;
    this.running.delete(id);
    this.changes += 1;
    if (this.mode === 'legacy') timer.scope?.cancel();
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

  private track(id: string, timer: RunningTimer): void {
    this.running.set(id, timer);
    this.changes += 1;
  }
}
