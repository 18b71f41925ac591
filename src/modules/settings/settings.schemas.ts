import { z } from 'zod';
import { documentText, optionalUrl, requiredText } from '../../core/forms.ts';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** The organization card: used by first-run setup and by the settings page. */
export const OrganizationFields = z.object({
  // Printed in the header of every document: as in the charter, in a few lines at most.
  fullName: documentText('Полное наименование', { max: 500, maxLines: 5, required: true }),
  shortName: requiredText('Краткое наименование', 200),
  slug: z
    .string({ error: 'Заполните поле «Адрес публичной страницы»' })
    .trim()
    .toLowerCase()
    .min(3, 'Адрес публичной страницы: не короче 3 символов')
    .max(40, 'Адрес публичной страницы: не длиннее 40 символов')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Только латинские буквы, цифры и дефисы между ними, например ds50-alenushka'),
  address: documentText('Адрес', { max: 500, maxLines: 3 }),
  headName: requiredText('ФИО руководителя', 200),
  headPosition: requiredText('Должность руководителя', 200),
  website: optionalUrl,
  timeZone: z
    .string()
    .trim()
    .refine((tz) => timeZones.has(tz), 'Выберите часовой пояс из списка, например Europe/Moscow'),
  orderSuffix: z
    .string()
    .trim()
    .max(10, 'Суффикс номера приказа: не длиннее 10 символов')
    .regex(/^[\p{L}\d\-/.]*$/u, 'Суффикс: только буквы, цифры, дефис, точка или косая черта, например «-од»')
    .optional()
    .default(''),
});

/** The settings page adds the mentoring rules of the organization's Regulation and local acts. */
export const UpdateOrganization = OrganizationFields.extend({
  defaultMaxMentees: z.coerce
    .number({ error: 'Укажите число от 1 до 10' })
    .int('Укажите целое число')
    .min(1, 'Не меньше одного наставляемого')
    .max(10, 'Не больше 10 наставляемых'),
  mentorExtraPay: z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/[\s\u00A0]/g, '').replace(',', '.'))
    .pipe(z.string().regex(/^(\d{1,8}(\.\d{1,2})?)?$/, 'Введите сумму в рублях, например 5000 или 5000,50'))
    .transform((v) => (v === '' ? 0 : Number(v))),
  /** «Пары под риском» (src/modules/pairs/pairs.at-risk.ts); a form without them keeps the defaults. */
  atRiskQuietDays: z.preprocess(
    (v) => (v === undefined || v === '' ? 21 : v),
    z.coerce.number({ error: 'Укажите число дней от 7 до 120' }).int('Укажите целое число дней').min(7, 'Не меньше 7 дней').max(120, 'Не больше 120 дней'),
  ),
  atRiskCheckinScore: z.preprocess(
    (v) => (v === undefined || v === '' ? 4 : v),
    z.coerce.number({ error: 'Укажите балл от 1 до 9' }).int('Укажите целый балл').min(1, 'Не меньше 1').max(9, 'Не больше 9'),
  ),
  /** Printed in the mentor's supplementary agreement. */
  extraPayConditions: documentText('Условия доплаты', { max: 2000, maxLines: 20 }),
});
export type OrganizationInput = z.infer<typeof UpdateOrganization>;

export const TIME_ZONES = [
  ['Europe/Kaliningrad', 'Калининград (МСК−1)'],
  ['Europe/Moscow', 'Москва (МСК)'],
  ['Europe/Samara', 'Самара (МСК+1)'],
  ['Asia/Yekaterinburg', 'Екатеринбург (МСК+2)'],
  ['Asia/Omsk', 'Омск (МСК+3)'],
  ['Asia/Novosibirsk', 'Новосибирск (МСК+4)'],
  ['Asia/Krasnoyarsk', 'Красноярск (МСК+4)'],
  ['Asia/Irkutsk', 'Иркутск (МСК+5)'],
  ['Asia/Yakutsk', 'Якутск (МСК+6)'],
  ['Asia/Vladivostok', 'Владивосток (МСК+7)'],
  ['Asia/Magadan', 'Магадан (МСК+8)'],
  ['Asia/Kamchatka', 'Камчатка (МСК+9)'],
] as const;
