import { z } from 'zod';
import { checkbox, documentText, requiredText } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { ConsentKind } from '../../generated/prisma/enums.ts';

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);

const KindField = z.enum(ConsentKind, { error: 'Выберите вид согласия из списка' });

/** A date typed in a form (yyyy-mm-dd), not in the future and not absurdly old. */
function pastDate(label: string) {
  return z
    .string({ error: `Укажите ${label}` })
    .trim()
    .min(1, `Укажите ${label}`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Укажите ${label} в виде ДД.ММ.ГГГГ`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), `Укажите ${label}: такой даты нет`)
    .refine((s) => s >= '2000-01-01', `Укажите ${label}: не раньше 2000 года`);
}

/** The methodist records a signed paper consent (the scan comes as the file). */
export const RecordPaperConsent = z.object({
  staffMemberId: z.coerce.number({ error: 'Выберите педагога' }).int().positive('Выберите педагога'),
  kind: KindField,
  signedOn: pastDate('дату подписания'),
  /** Replace the person's current consent of this kind (e.g. the first scan was unreadable). */
  replace: checkbox,
});
export type RecordPaperConsentInput = z.infer<typeof RecordPaperConsent>;

export const AcceptConsent = z.object({
  agree: checkbox.refine((v) => v, 'Отметьте «Я ознакомлен(а) и даю согласие», чтобы дать согласие'),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, 'Страница устарела: откройте текст согласия заново'),
});

export const RevokeConsent = z.object({
  revokedOn: pastDate('дату отзыва'),
  reason: requiredText('Причина отзыва', 500),
});
export type RevokeConsentInput = z.infer<typeof RevokeConsent>;

export const SaveTemplate = z.object({
  title: requiredText('Заголовок', 300),
  // The printed consent form is made from it: the default texts are 1–2 thousand characters in 11–16 lines.
  body: documentText('Текст согласия', { max: 20_000, maxLines: 300, required: true }),
});
export type SaveTemplateInput = z.infer<typeof SaveTemplate>;

export const RegisterQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  kind: KindField.optional().catch(undefined),
  /** `missing`: no valid consent of the kind — never given, or revoked. */
  state: z.enum(['yes', 'no', 'revoked', 'missing']).optional().catch(undefined),
  page: pageParam,
});
export type RegisterFilter = z.infer<typeof RegisterQuery>;

export const FormQuery = z.object({
  staff: IdParam.optional().catch(undefined),
});

export const NewConsentQuery = z.object({
  staff: IdParam.optional().catch(undefined),
  kind: KindField.optional().catch(undefined),
});
