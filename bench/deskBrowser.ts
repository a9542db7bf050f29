import { performance } from 'node:perf_hooks';

/** One answer of the desk, read to its end, and how long it took from sending the request to the last byte. */
export interface DeskAnswer {
  status: number;
  location?: string;
  text: string;
  ms: number;
}

/** The form token of a page: the `_csrf` hidden field every desk form carries. */
export function formTokenOf(page: string): string {
  const token = /name="_csrf" value="([^"]*)"/.exec(page)?.[1];
  if (!token) throw new Error(`the page has no _csrf field; it begins: ${page.slice(0, 300)}`);
  return token;
}

/**
 * The desk as a browser sees it, over HTTP with Node's fetch: it keeps the cookies the desk sets (the `__Host-desk`
 * session, the sign-in form's double-submit token) and sends them back, follows no redirect by itself, and sends the
 * Origin header a browser sends with a form, so that each timing is one request and its whole answer.
 */
export class DeskBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  /** GET a page. */
  get(path: string): Promise<DeskAnswer> {
    return this.send('GET', path);
  }

  /** POST a form, urlencoded, as a browser submits it. */
  post(path: string, form: Record<string, string>): Promise<DeskAnswer> {
    return this.send('POST', path, new URLSearchParams(form).toString());
  }

  /**
   * Signs in as a person with a password and a second factor (the code asked for when it is asked), through the
   * desk's own forms: the sign-in form, then the code form; fails with the page's status when a step is refused.
   */
  async signIn(login: string, password: string, code: () => string): Promise<void> {
    const form = await this.expect(this.get('/login'), 200, 'GET /login');
    const signedIn = await this.expect(
      this.post('/login', { _csrf: formTokenOf(form.text), login, password }),
      303,
      `POST /login as ${login}`,
    );
    if (!signedIn.location?.startsWith('/login/code')) return;
    const codePage = await this.expect(this.get(signedIn.location), 200, `GET ${signedIn.location}`);
    const passed = await this.expect(
      this.post('/login/code', { _csrf: formTokenOf(codePage.text), code: code() }),
      303,
      `POST /login/code as ${login}`,
    );
    if (passed.location !== '/') throw new Error(`POST /login/code as ${login}: sent to ${passed.location ?? 'nowhere'}, not to /`);
  }

  private async expect(answer: Promise<DeskAnswer>, status: number, what: string): Promise<DeskAnswer> {
    const a = await answer;
    if (a.status !== status) throw new Error(`${what}: status ${a.status}, expected ${status}; the page begins: ${a.text.slice(0, 300)}`);
    return a;
  }

  private async send(method: 'GET' | 'POST', path: string, body?: string): Promise<DeskAnswer> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = this.base;
    }
    const began = performance.now();
    const response = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    const ms = performance.now() - began;
    for (const line of response.headers.getSetCookie()) this.keep(line);
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, text, ms, ...(location ? { location } : {}) };
  }

  private keep(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq < 1) return;
    const name = pair.slice(0, eq).trim();
    const gone = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    if (gone) this.cookies.delete(name);
    else this.cookies.set(name, decodeURIComponent(pair.slice(eq + 1).trim()));
  }
}
