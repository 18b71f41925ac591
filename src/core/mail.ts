/**
 * Outgoing mail over SMTP (nodemailer). Only background jobs send (src/core/jobs): a request never waits for a
 * mail server. Without SMTP settings there is no mailer at all and notifications stay in the portal.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config/env.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * A stable Message-ID (one per notification or digest). SMTP cannot promise «exactly once»: a mail accepted by
   * the server just before the sending process dies is sent again on retry. With the same Message-ID the copy is
   * recognisable, and mail systems that deduplicate drop it.
   */
  messageId: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export type MailSettings = Pick<Config, 'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_FROM'>;

/** Whether mail is configured (SMTP_URL or SMTP_HOST). */
export function mailConfigured(settings: MailSettings): boolean {
  return Boolean(settings.SMTP_URL || settings.SMTP_HOST);
}

/** The mailer of these settings, or null when mail is not configured. */
export function createMailer(settings: MailSettings): Mailer | null {
  if (!mailConfigured(settings)) return null;
  const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
  const transport = settings.SMTP_URL
    ? nodemailer.createTransport(settings.SMTP_URL, timeouts as object)
    : nodemailer.createTransport({
        host: settings.SMTP_HOST,
        port: settings.SMTP_PORT,
        // Port 465 speaks TLS from the first byte; the others upgrade with STARTTLS when the server offers it.
        secure: settings.SMTP_PORT === 465,
        auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? '' } : undefined,
        ...timeouts,
      });
  const from = settings.SMTP_FROM ?? `Наставник <nastavnik@${settings.SMTP_HOST ?? hostOf(settings.SMTP_URL)}>`;
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transport.close(),
  };
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : 'localhost';
  } catch {
    return 'localhost';
  }
}
