import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { DESK_LOGGER } from '../../desk/logger';

/** A Fastify app with the desk's logger writing into a list, listening on a free loopback port. */
async function loggedApp() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = Fastify({ logger: { ...(DESK_LOGGER as object), stream } });
  app.get('/v/:term/:town/:village', async () => {
    throw new Error('could not reach wang.fang@qilipu.example.cn at https://hooks.example.org/li-si');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, url, lines };
}

describe("the desk's request log", () => {
  it('writes JSON lines naming the route template and status, never the path, the query, the client or an address', async () => {
    const { app, url, lines } = await loggedApp();
    try {
      const answer = await fetch(`${url}/v/2026/Heluo/${encodeURIComponent('七里铺')}?next=%2Fperson%2Fli-si`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answer.status).toBe(500);
    } finally {
      await app.close();
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 30, reqId: expect.any(String), req: { method: 'GET', route: '/v/:term/:town/:village' } }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ res: { statusCode: 500 } }));
    const failed = entries.find((e) => e.err !== undefined);
    expect(failed?.err).toEqual({ type: 'Error', message: 'could not reach (an e-mail address) at (a URL)', stack: '' });
    const text = lines.join('\n');
    for (const leak of ['七里铺', '%E4%B8%83', 'li-si', 'wang.fang', '127.0.0.1', 'remoteAddress'])
      expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
  });
});
