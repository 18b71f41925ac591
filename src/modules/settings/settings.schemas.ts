import { z } from 'zod';
import type { FieldErrors } from '../../core/errors.ts';
import { documentText, optionalUrl, requiredText } from '../../core/forms.ts';
import { innValid, ogrnValid, organizationNameIn } from '../../domain/organizations.ts';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** Digits only: «40 27 123 456» and «4027-123456» are typed as often as «4027123456». */
const digits = (label: string) => z.string({ error: `Заполните поле «${label}»` }).transform((v) => v.replace(/[\s\u00A0-]/g, ''));

const inn = digits('ИНН')
  .pipe(z.string().min(1, 'Заполните поле «ИНН»: он указывается в согласиях на обработку персональных данных'))
  .refine((v) => /^\d{10}$/.test(v), 'ИНН организации — 10 цифр')
  .refine((v) => !/^\d{10}$/.test(v) || innValid(v), 'ИНН не проходит проверку контрольной цифры: проверьте, нет ли опечатки');
const ogrn = digits('ОГРН')
  .pipe(z.string().min(1, 'Заполните поле «ОГРН»: он указывается в согласии на распространение персональных данных'))
  .refine((v) => /^\d{13}$/.test(v), 'ОГРН организации — 13 цифр')
  .refine((v) => !/^\d{13}$/.test(v) || ogrnValid(v), 'ОГРН не проходит проверку контрольной цифры: проверьте, нет ли опечатки');
/** The processor may be an organization (10 digits) or an individual entrepreneur (12). */
const processorInn = digits('ИНН обработчика')
  .optional()
  .default('')
  .refine((v) => v === '' || /^(\d{10}|\d{12})$/.test(v), 'ИНН — 10 цифр (организация) или 12 цифр (индивидуальный предприниматель)')
  .refine((v) => !/^(\d{10}|\d{12})$/.test(v) || innValid(v, 'any'), 'ИНН не проходит проверку контрольной цифры: проверьте, нет ли опечатки');

/** Addresses of official pages, one per line: each a whole https address. */
const socialPages = documentText('Страницы в социальных сетях', { max: 1000, maxLines: 10 })
  .transform((v) =>
    v
      .split(/\r\n?|\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .join('\n'),
  )
  .refine((v) => v.split('\n').every((line) => line === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/.test(line)), 'Каждую страницу — отдельной строкой и целиком, например https://vk.com/ds50kaluga');

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
  fullNameGenitive: documentText('Наименование в родительном падеже', { max: 500, maxLines: 5 }),
  fullNameDative: documentText('Наименование в дательном падеже', { max: 500, maxLines: 5 }),
  inn,
  ogrn,
  address: documentText('Юридический адрес', { max: 500, maxLines: 3, required: true }),
  postalAddress: documentText('Почтовый адрес', { max: 500, maxLines: 3 }),
  headName: requiredText('ФИО руководителя', 200),
  headPosition: requiredText('Должность руководителя', 200),
  website: optionalUrl,
  socialPages,
  processorName: documentText('Наименование обработчика', { max: 500, maxLines: 3 }),
  processorInn,
  processorAddress: documentText('Адрес обработчика', { max: 500, maxLines: 3 }),
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

/** The full name as documents decline it now, shown beside the fields that correct it. */
export function nameFormsOf(values: Record<string, unknown>): { genitive: string; dative: string } {
  const fullName = typeof values.fullName === 'string' ? values.fullName : '';
  return { genitive: organizationNameIn(fullName, 'genitive'), dative: organizationNameIn(fullName, 'dative') };
}

/**
 * What one field cannot tell: a processor is named in full (name, ИНН and address) or not at all. Used by the
 * settings page and first-run setup.
 */
export function organizationCardErrors(card: { processorName: string; processorInn: string; processorAddress: string }): FieldErrors {
  const errors: FieldErrors = {};
  const given = [card.processorName, card.processorInn, card.processorAddress].some((v) => v.trim() !== '');
  if (!given) return errors;
  const why = 'согласия называют обработчика полностью: наименование, ИНН и адрес';
  if (!card.processorName.trim()) errors.processorName = `Заполните наименование обработчика — ${why}`;
  if (!card.processorInn.trim()) errors.processorInn = `Заполните ИНН обработчика — ${why}`;
  if (!card.processorAddress.trim()) errors.processorAddress = `Заполните адрес обработчика — ${why}`;
  return errors;
}

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
  signatureBasis: documentText('Основание простой электронной подписи', { max: 500, maxLines: 5 }),
  labourEdocBasis: documentText('Основание электронного кадрового документооборота', { max: 500, maxLines: 5 }),
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
