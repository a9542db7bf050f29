import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../activities/notices/webhookSignature';

/** What a receiver was handed: every copy by idempotency key, so one key stored twice shows. */
export interface Received {
  /** Copies handed over per idempotency key (a retry after a lost acknowledgement hands one over again). */
  copies: Map<string, number>;
  /** Requests refused (answered with an error, or the server was down), counted by what was answered. */
  refused: Map<string, number>;
}

const emptyReceived = (): Received => ({ copies: new Map(), refused: new Map() });
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * The town office's mail server for the chaos run: plain SMTP on loopback that keeps every message by its
 * X-Idempotency-Key. It can be taken down and brought back on the same port, as a mail server that is restarted.
 */
export class SmtpSink {
  readonly received = emptyReceived();
  private server: SMTPServer | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  /** Listens on loopback (the same port as before, after a stop). */
  async start(): Promise<void> {
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      closeTimeout: 200,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const headers = raw.slice(0, raw.indexOf('\r\n\r\n'));
          const key = /^X-Idempotency-Key:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? '(no key)';
          count(this.received.copies, key);
          callback(null, 'queued');
        });
      },
    });
    // A client cut off in the middle of a message (a worker killed while it sends) is an error on the server, which
    // smtp-server emits: a mail server logs it and drops the connection, so the sink counts it instead of crashing.
    server.on('error', () => count(this.received.refused, 'connection lost mid-message'));
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts every open connection, as a server going down does. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** How the webhook receiver answers for now: as it should, or with a server error, or "not found". */
export type WebhookMode = 'ok' | 500 | 404;

/**
 * The village notice board's webhook receiver for the chaos run: it checks each POST's signature, keeps one copy
 * per Idempotency-Key and answers 200, unless told to answer 500 or 404 for a while.
 */
export class WebhookReceiver {
  readonly received = emptyReceived();
  /** Signed with another secret, or not at all: always a bug in the sender. */
  unverified = 0;
  mode: WebhookMode = 'ok';
  private server: http.Server | undefined;

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => request.headers[name.toLowerCase()] as string | undefined;
        const check = verifyWebhook({
          secret: this.secret,
          body,
          timestamp: header(WEBHOOK_HEADERS.timestamp),
          signature: header(WEBHOOK_HEADERS.signature),
        });
        if (!check.ok) {
          this.unverified += 1;
          return void response.writeHead(401).end(check.reason);
        }
        if (this.mode !== 'ok') {
          count(this.received.refused, String(this.mode));
          return void response.writeHead(this.mode).end(this.mode === 404 ? 'no such board' : 'board is down');
        }
        count(this.received.copies, header(WEBHOOK_HEADERS.idempotencyKey) ?? '(no key)');
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"stored":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
