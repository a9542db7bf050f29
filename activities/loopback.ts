import { isIP } from 'node:net';

/**
 * True for a host that never leaves this machine: `localhost`, 127.0.0.0/8, ::1 (bracketed or not), or a Unix
 * socket path. Only these may be reached without TLS; a name is not resolved, so a DNS answer cannot widen it.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name.startsWith('/')) return true;
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(name);
  return false;
}
