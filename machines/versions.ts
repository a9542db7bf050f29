import type { ElectionMachine } from './electionMachine';
import { electionMachine } from './electionMachine';

/**
 * Every version of the election statechart that elections may be running on. An election keeps the
 * version it started with to the end (it is in its start input); a change to the stages is a new
 * entry here, never an edit of a published one, so elections in flight finish on their own version.
 * An input without a version is version 1, the version that existed before this registry.
 */
export const MACHINE_VERSIONS: Readonly<Record<number, ElectionMachine>> = {
  1: electionMachine,
  // The same chart; the context carries the version and the rules choose their edition by it (machines/editions.ts).
  2: electionMachine,
  3: electionMachine,
};

/** The version new elections start on. */
export const LATEST_MACHINE_VERSION = 3;

/** A registry of machine versions (tests add versions of their own). */
export type MachineRegistry = Readonly<Record<number, ElectionMachine>>;
