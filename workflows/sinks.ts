import { proxySinks, type Sinks } from '@temporalio/workflow';
import type { RefusalInput } from '../activities/contract';

/**
 * What the workflow hands the worker outside history. An update its validator refuses never enters history, so no
 * activity can record it; the worker writes it to the outcome store from here instead (validators run only live,
 * never on replay, so each refusal is written once per validation).
 */
export interface ElectionSinks extends Sinks {
  audit: {
    /** A signed decision the update validator refused, to be kept among the election's refusals. */
    updateRefused(refusal: RefusalInput): void;
  };
}

/** The sinks as the workflow calls them. */
export const { audit } = proxySinks<ElectionSinks>();
