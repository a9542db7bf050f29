/** The cookies of a request's Cookie header, by name; the first of a repeated name wins, as browsers send it first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // A value that is not valid percent-encoding was not set by the desk: ignore it.
    }
  }
  return cookies;
}

/** How a cookie is set. */
export interface CookieOptions {
  secure: boolean;
  sameSite: 'Strict' | 'Lax';
  /** Seconds; 0 deletes the cookie; absent makes it last until the browser closes. */
  maxAge?: number;
}

/** A Set-Cookie header value: always HttpOnly and Path=/ (a `__Host-` cookie requires both, and Secure). */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', `SameSite=${options.sameSite}`];
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  return parts.join('; ');
}

/** The desk's cookie names: `__Host-` ones over HTTPS (bound to the host, Secure, Path=/), plain ones in plain-HTTP tests. */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : '';
  return {
    session: `${prefix}desk`,
    /** The double-submit token of the sign-in form, before any session exists. */
    login: `${prefix}desk-login`,
    /** The state of a sign-in through the office's identity provider, while the browser is there. */
    oidc: `${prefix}desk-oidc`,
  };
}
