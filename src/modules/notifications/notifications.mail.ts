/**
 * The words of the portal's mail: plain text first (what every client shows) and the same as simple HTML, in
 * Russian, each with full links to the portal (PUBLIC_URL) and a line on where to change the e-mail settings.
 */
import { formatDateTime } from '../../core/format.ts';
import { ruDate } from '../../domain/dates.ts';
import type { NotificationKind } from '../../generated/prisma/enums.ts';

export interface MailNotification {
  id: number;
  kind: NotificationKind;
  title: string;
  text: string;
  link: string;
  createdAt: Date;
}

/** The digest's groups, in this order. */
const KIND_GROUPS: [string, NotificationKind[]][] = [
  ['Приказы', ['ORDER_TO_APPROVE', 'ORDER_RETURNED', 'ORDER_TO_ACKNOWLEDGE']],
  ['Анкеты', ['QUESTIONNAIRE_OPENED']],
  ['Согласия', ['CONSENT_OWED']],
  ['Пары и программы', ['PAIR_FORMED', 'PROGRAMME_COMMENT', 'PROGRAMME_APPROVED', 'PROGRAMME_RETURNED']],
  ['Сроки по плану', ['PLAN_ITEM_DUE', 'PLAN_ITEM_OVERDUE']],
  ['Мероприятия', ['EVENT_INVITATION', 'EVENT_CHANGED', 'EVENT_CANCELLED']],
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function footer(publicUrl: string) {
  const settings = `${publicUrl}/profile`;
  return {
    text: `—\nПисьмо отправлено порталом «Наставник» автоматически, отвечать на него не нужно.\nКак присылать уведомления (сразу, сводкой раз в день или не присылать): ${settings}`,
    html: `<p style="color:#555;font-size:13px">Письмо отправлено порталом «Наставник» автоматически, отвечать на него не нужно.<br>` +
      `Как присылать уведомления (сразу, сводкой раз в день или не присылать): <a href="${escapeHtml(settings)}">${escapeHtml(settings)}</a></p>`,
  };
}

function page(body: string): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Наставник</title></head>` +
    `<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">${body}</body></html>`;
}

/** One notification, mailed at once. */
export function notificationMail(n: MailNotification, recipientName: string, publicUrl: string) {
  const url = publicUrl + n.link;
  const end = footer(publicUrl);
  const greeting = `Здравствуйте, ${recipientName}!`;
  return {
    subject: `Наставник: ${n.title}`,
    text: [greeting, '', n.title, n.text, '', `Открыть: ${url}`, '', end.text].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n'),
    html: page(
      `<p>${escapeHtml(greeting)}</p><p><strong>${escapeHtml(n.title)}</strong>` +
        (n.text ? `<br>${escapeHtml(n.text)}` : '') +
        `</p><p><a href="${escapeHtml(url)}">Открыть в портале</a></p>${end.html}`,
    ),
  };
}

/** The day's digest: the notifications grouped by what they are about, each with its link. */
export function digestMail(notifications: MailNotification[], recipientName: string, day: string, timeZone: string, publicUrl: string) {
  const end = footer(publicUrl);
  const groups = KIND_GROUPS.map(([label, kinds]) => [label, notifications.filter((n) => kinds.includes(n.kind))] as const).filter(([, list]) => list.length);
  const text: string[] = [`Здравствуйте, ${recipientName}!`, '', `Уведомления портала «Наставник» на ${ruDate(day)}: ${notifications.length}.`];
  let html = `<p>${escapeHtml(`Здравствуйте, ${recipientName}!`)}</p><p>Уведомления портала «Наставник» на ${escapeHtml(ruDate(day))}: ${notifications.length}.</p>`;
  for (const [label, list] of groups) {
    text.push('', `${label} (${list.length})`);
    html += `<h2 style="font-size:17px">${escapeHtml(label)} (${list.length})</h2><ul>`;
    for (const n of list) {
      const url = publicUrl + n.link;
      const when = formatDateTime(n.createdAt, timeZone);
      text.push(`• ${n.title} (${when})${n.text ? `\n  ${n.text}` : ''}\n  ${url}`);
      html += `<li><a href="${escapeHtml(url)}">${escapeHtml(n.title)}</a> <span style="color:#555">(${escapeHtml(when)})</span>${n.text ? `<br>${escapeHtml(n.text)}` : ''}</li>`;
    }
    html += '</ul>';
  }
  text.push('', `Все уведомления: ${publicUrl}/notifications`, '', end.text);
  html += `<p><a href="${escapeHtml(publicUrl)}/notifications">Все уведомления</a></p>${end.html}`;
  return { subject: `Наставник: сводка уведомлений на ${ruDate(day)} (${notifications.length})`, text: text.join('\n'), html: page(html) };
}
