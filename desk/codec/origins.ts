/**
 * The origins the codec server answers across origins: the Temporal Web UI's (and any more the office lists). Exact
 * matches only, never `*`: the answers carry decoded personal data and are read with the person's desk cookie.
 */
export class CodecOrigins {
  private readonly allowed: Set<string>;

  constructor(urls: readonly string[]) {
    this.allowed = new Set(urls.map(originOf).filter((o): o is string => o !== undefined));
  }

  /** Whether a request's Origin header is one of the allowed ones. */
  allows(origin: string | undefined): origin is string {
    return origin !== undefined && this.allowed.has(origin);
  }

  /** The allowed origins, for messages. */
  list(): string[] {
    return [...this.allowed].sort();
  }
}

/** The origin (scheme, host, port) of a URL, as a browser writes it in the Origin header; undefined for a non-URL. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
