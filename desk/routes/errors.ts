import type { MessageKey, Params } from '../i18n';

/** A refusal or failure the desk shows as a page: its HTTP status and the catalogue's message. */
export class DeskError extends Error {
  constructor(
    readonly status: number,
    readonly key: MessageKey,
    readonly params?: Params,
  ) {
    super(key);
  }
}
