/**
 * A `host:port` to listen on, from what an operator wrote: a port alone (`9464`, `:9464`) listens on loopback only,
 * since the metrics need no sign-in and a scraper usually runs beside the process; a host must be named to go further.
 * Port 0 asks for any free port, which only a listener that reports its port can use (the desk's).
 */
export function listenAddress(variable: string, value: string): string {
  const text = value.trim();
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)?:)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) {
    throw new Error(
      `${variable}: got ${JSON.stringify(value)}; accepted: host:port (127.0.0.1:9464, [::1]:9464, 0.0.0.0:9464) or a port alone, which listens on 127.0.0.1`,
    );
  }
  return `${match[1] ?? '127.0.0.1'}:${port}`;
}
