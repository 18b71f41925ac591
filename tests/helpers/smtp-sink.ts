/**
 * A local SMTP server for the mail tests (smtp-server + mailparser), started by the test itself. A message counts
 * as delivered only when the sink has answered «250 OK» to its DATA on a live connection — as for a real server:
 * a sender that dies before that reply has not delivered anything. The sink can hold a message without replying
 * (to kill the sender meanwhile) and refuse messages with a temporary error (to see retries).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Parsed messages answered with 250, in order. */
  delivered: ParsedMail[];
  /** Messages whose sender went away before the reply (held, then the connection closed). */
  dropped: number;
  /** The next message is held without a reply; resolves when its data has arrived. */
  holdNext(): Promise<{ release(): void }>;
  /** The next `count` messages are refused with «451» (a temporary failure: the sender should retry). */
  refuseNext(count: number): void;
  waitForDelivered(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Resolves when the connection of a held message has closed. */
  heldConnectionClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const delivered: ParsedMail[] = [];
  const closedSessions = new Set<string>();
  let refuse = 0;
  let holdWaiter: ((held: { release(): void }) => void) | null = null;
  let held: { session: SMTPServerSession; closed: Promise<void>; markClosed(): void } | null = null;
  const state = { dropped: 0 };
  const deliveredWaiters: (() => void)[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      closedSessions.add(session.id);
      if (held && held.session.id === session.id) held.markClosed();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (refuse > 0) {
          refuse--;
          return callback(Object.assign(new Error('Временная ошибка, повторите позже'), { responseCode: 451 }));
        }
        const deliver = () => {
          if (closedSessions.has(session.id)) {
            state.dropped++;
            return;
          }
          void simpleParser(raw).then((mail) => {
            delivered.push(mail);
            callback(null, 'OK');
            for (const wake of deliveredWaiters.splice(0)) wake();
          });
        };
        if (holdWaiter) {
          const wake = holdWaiter;
          holdWaiter = null;
          let markClosed = () => {};
          const closed = new Promise<void>((resolve) => (markClosed = resolve));
          held = { session, closed, markClosed };
          wake({ release: deliver });
          return;
        }
        deliver();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    get dropped() {
      return state.dropped;
    },
    holdNext: () => new Promise((resolve) => (holdWaiter = resolve)),
    refuseNext(count) {
      refuse = count;
    },
    async waitForDelivered(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (delivered.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: ${delivered.length} of ${count} messages delivered in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          deliveredWaiters.push(resolve);
          setTimeout(resolve, 250).unref();
        });
      }
      return delivered;
    },
    heldConnectionClosed: () => held?.closed ?? Promise.reject(new Error('no message is held')),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
