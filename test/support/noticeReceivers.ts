import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../activities/notices/webhookSignature';

/** A message as the SMTP server got it, raw, with the headers the tests look at. */
export interface ReceivedMail {
  messageId: string;
  idempotencyKey: string | null;
  to: string[];
  raw: string;
}

const header = (raw: string, name: string) =>
  raw
    .slice(0, raw.indexOf('\r\n\r\n'))
    .match(new RegExp(`^${name}:\\s*(.+)$`, 'im'))?.[1]!
    .trim() ?? null;

/**
 * A real SMTP server on loopback that wants a login, counts every message it is handed, and keeps one copy per
 * Message-ID in its mailbox, as a recipient's server that honours the Message-ID does.
 */
export async function startSmtpReceiver(login: { user: string; pass: string }) {
  const sockets = new Set<Socket>();
  const state = {
    /** Every message handed over, duplicates included. */
    received: [] as ReceivedMail[],
    /** One copy per Message-ID. */
    mailbox: new Map<string, ReceivedMail>(),
    /** The next N messages are stored, then the connection is cut before the final reply (the acknowledgement is lost). */
    loseAcks: 0,
    /** The next N messages are refused with a temporary error (451). */
    refuse: 0,
    /** Recipients the server does not know: their RCPT TO is refused for good (550), as for a mistyped address. */
    unknownRecipients: new Set<string>(),
  };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.pass) callback(null, { user: auth.username });
      else callback(new Error('535 authentication failed'));
    },
    onRcptTo(address, _session, callback) {
      if (state.unknownRecipients.has(address.address)) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (state.refuse > 0) {
          state.refuse -= 1;
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          return;
        }
        const mail: ReceivedMail = {
          messageId: header(raw, 'Message-ID') ?? '(none)',
          idempotencyKey: header(raw, 'X-Idempotency-Key'),
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        };
        state.received.push(mail);
        if (!state.mailbox.has(mail.messageId)) state.mailbox.set(mail.messageId, mail);
        if (state.loseAcks > 0) {
          state.loseAcks -= 1;
          for (const socket of sockets) if (socket.remotePort === session.remotePort) socket.destroy();
          return;
        }
        callback(null, `queued as ${mail.messageId}`);
      });
    },
  });
  // A sender cut off mid-message (a lost acknowledgement, a worker stopped) is emitted as an error by smtp-server;
  // unheard, it would crash the test process. A mail server drops such a connection, and so does this one.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A request as the webhook receiver got it, with whether its signature checked out. */
export interface ReceivedPost {
  idempotencyKey: string;
  body: string;
  verified: boolean;
  reason: string | null;
}

/**
 * A webhook receiver on loopback that verifies every signature with the exported helper and keeps one copy per
 * Idempotency-Key, answering 200 for a key it already holds. `port` reopens a receiver where an earlier one listened.
 */
export async function startWebhookReceiver(secret: string, port = 0) {
  const state = {
    received: [] as ReceivedPost[],
    stored: new Map<string, unknown>(),
    /** The next N deliveries are stored, then the connection is destroyed before any response. */
    loseAcks: 0,
    /** The next N deliveries get a 503 and are not stored. */
    refuse: 0,
    /** The statuses the next deliveries get, one each, in order; they are not stored. */
    answers: [] as number[],
    /** When set, every delivery gets this status and none is stored (404: the URL is wrong). */
    answerAlways: null as number | null,
    /** The Retry-After header sent with those statuses, if any. */
    retryAfter: null as string | null,
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const idempotencyKey = String(request.headers[WEBHOOK_HEADERS.idempotencyKey.toLowerCase()] ?? '');
      const check = verifyWebhook({
        secret,
        body,
        timestamp: request.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()] as string | undefined,
        signature: request.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string | undefined,
      });
      state.received.push({ idempotencyKey, body, verified: check.ok, reason: check.ok ? null : check.reason });
      if (!check.ok) return void response.writeHead(401).end(check.reason);
      if (state.refuse > 0) {
        state.refuse -= 1;
        return void response.writeHead(503).end('busy');
      }
      const status = state.answerAlways ?? state.answers.shift();
      if (status !== undefined) {
        return void response.writeHead(status, state.retryAfter ? { 'Retry-After': state.retryAfter } : {}).end(`answered ${status}`);
      }
      const duplicate = state.stored.has(idempotencyKey);
      if (!duplicate) state.stored.set(idempotencyKey, JSON.parse(body));
      if (state.loseAcks > 0) {
        state.loseAcks -= 1;
        return void request.socket.destroy();
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ duplicate }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    state,
    port: (server.address() as AddressInfo).port,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
