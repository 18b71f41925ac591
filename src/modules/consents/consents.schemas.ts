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

/**
 * Electronic acceptance. Which details are required depends on the kind and the organization (see
 * detailsToType in consents.templates.ts): the service checks that; here only their form.
 */
export const AcceptConsent = z.object({
  agree: checkbox.refine((v) => v, 'Отметьте «Я ознакомлен(а) и даю согласие», чтобы дать согласие'),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, 'Страница устарела: откройте текст согласия заново'),
  address: documentText('Адрес регистрации', { max: 300, maxLines: 3 }),
  documentKind: documentText('Вид документа', { max: 100, maxLines: 1 }),
  documentNumber: documentText('Серия и номер', { max: 40, maxLines: 1 }).refine((v) => v === '' || /\d{4,}/.test(v.replace(/\s/g, '')), 'Серия и номер: цифры документа, например 29 04 123456'),
  documentIssuedBy: documentText('Кем выдан', { max: 300, maxLines: 3 }),
  documentIssuedOn: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && s >= '1950-01-01'), 'Укажите дату выдачи в виде ДД.ММ.ГГГГ'),
  restrictions: documentText('Условия и запреты', { max: 2000, maxLines: 20 }),
});
export type AcceptConsentInput = z.infer<typeof AcceptConsent>;

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
