import { createTransport } from 'nodemailer';
import { isLoopbackHost } from '../loopback';
import type { EmailChannel } from './channels';
import { messageIdFor } from './idempotency';

/** One e-mail: the notice's Markdown as the text part and its HTML page as the HTML part. */
export interface EmailMessage {
  to: string;
  subject: string;
  markdown: string;
  html: string;
  idempotencyKey: string;
  /** When the notice was issued; the Date header stays the same on every retry. */
  date: Date;
  kind: string;
}

/** A connection to the town's SMTP server for the deliveries of one notice. */
export function emailSender(channel: EmailChannel, password: string | undefined) {
  const { smtp } = channel;
  const timeout = smtp.timeoutSeconds * 1000;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // The channel file is checked at start; a config built by other means still never sends in clear off loopback.
    requireTLS: smtp.requireTLS || (!smtp.secure && !isLoopbackHost(smtp.host)),
    auth: smtp.auth ? { user: smtp.auth.user, pass: password } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const domain = channel.messageIdDomain ?? channel.from.slice(channel.from.lastIndexOf('@') + 1);
  return {
    /** Sends one message; resolves with the server's final reply, which is the delivery's receipt. */
    async send(message: EmailMessage): Promise<string> {
      const info = await transport.sendMail({
        from: channel.from,
        to: message.to,
        subject: message.subject,
        text: message.markdown,
        html: message.html,
        date: message.date,
        messageId: messageIdFor(message.idempotencyKey, domain),
        headers: { 'X-Idempotency-Key': message.idempotencyKey, 'X-Election-Notice-Kind': message.kind },
      });
      return `SMTP ${info.response}`;
    },
    close: () => transport.close(),
  };
}
