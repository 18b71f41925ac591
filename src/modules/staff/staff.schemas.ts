import { z } from 'zod';
import { optionalEmail, optionalText, requiredText } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { parseDateText } from '../../domain/dates.ts';
import { POSITIONS } from '../../domain/people.ts';
import { QualificationCategory } from '../../generated/prisma/enums.ts';
import { EXPERIENCE_BANDS, STAFF_SORTS, STAFF_STATES } from './staff.labels.ts';
import { matchPosition, MAX_AGE, MAX_EXPERIENCE, MIN_AGE, normalizePhone, plausibleBirthDate, plausibleHireDate } from './staff.values.ts';

/** An id in a path. */
export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);

const keys = <T extends object>(o: T) => Object.keys(o) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];

export const StaffListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  position: z.enum(POSITIONS).optional().catch(undefined),
  category: z.enum(QualificationCategory).optional().catch(undefined),
  experience: z.enum(keys(EXPERIENCE_BANDS)).optional().catch(undefined),
  state: z.enum(keys(STAFF_STATES)).catch('working').default('working'),
  sort: z.enum(keys(STAFF_SORTS)).catch('name').default('name'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  page: pageParam,
});
export type StaffListFilter = z.infer<typeof StaffListQuery>;

/** An optional calendar date from a date input (YYYY-MM-DD) or typed by hand (ДД.ММ.ГГГГ). */
function optionalDate(message: string) {
  return z
    .string()
    .trim()
    .optional()
    .default('')
    .transform((text, ctx) => {
      if (!text) return null;
      const date = parseDateText(text);
      if (!date) ctx.addIssue({ code: 'custom', message });
      return date;
    });
}

function years(label: string) {
  const message = `${label}: целое число лет от 0 до ${MAX_EXPERIENCE}`;
  return z
    .string()
    .trim()
    .optional()
    .default('')
    .transform((text, ctx) => {
      if (!text) return 0;
      if (!/^\d{1,3}$/.test(text) || Number(text) > MAX_EXPERIENCE) {
        ctx.addIssue({ code: 'custom', message });
        return 0;
      }
      return Number(text);
    });
}

export const SaveStaff = z
  .object({
    lastName: requiredText('Фамилия', 100),
    firstName: requiredText('Имя', 100),
    middleName: optionalText('Отчество', 100),
    birthDate: optionalDate('Введите дату рождения в виде ДД.ММ.ГГГГ'),
    position: z
      .string({ error: 'Выберите должность из списка' })
      .transform((text, ctx) => {
        const position = matchPosition(text);
        if (!position) ctx.addIssue({ code: 'custom', message: 'Выберите должность из списка' });
        return position ?? POSITIONS[0];
      }),
    hiredOn: optionalDate('Введите дату приёма в виде ДД.ММ.ГГГГ'),
    experienceYears: years('Общий стаж'),
    experienceHereYears: years('Стаж в организации'),
    qualificationCategory: z.enum(QualificationCategory, { error: 'Выберите категорию из списка' }).optional().default('NONE'),
    /** The attestation order's date, when the category changes (the edit form asks; empty: today). */
    categoryChangedOn: optionalDate('Введите дату приказа об аттестации в виде ДД.ММ.ГГГГ'),
    education: optionalText('Образование', 500),
    ageGroup: optionalText('Возрастная группа', 200),
    email: optionalEmail.transform((e) => e.toLowerCase()),
    phone: z
      .string()
      .optional()
      .default('')
      .transform((text, ctx) => {
        const phone = normalizePhone(text);
        if (phone === null) ctx.addIssue({ code: 'custom', message: 'Введите телефон в виде +7 910 123-45-67' });
        return phone ?? '';
      }),
    lineManagerId: z
      .string()
      .trim()
      .optional()
      .default('')
      .transform((text, ctx) => {
        if (!text) return null;
        if (!/^\d{1,9}$/.test(text)) ctx.addIssue({ code: 'custom', message: 'Выберите руководителя из списка' });
        return Number(text) || null;
      }),
  })
  .superRefine((v, ctx) => {
    if (v.experienceHereYears > v.experienceYears) {
      ctx.addIssue({ code: 'custom', path: ['experienceHereYears'], message: 'Стаж в организации не может быть больше общего стажа' });
    }
    const today = new Date();
    if (v.birthDate && !plausibleBirthDate(v.birthDate, today)) {
      ctx.addIssue({ code: 'custom', path: ['birthDate'], message: `Проверьте дату рождения: возраст сотрудника — от ${MIN_AGE} до ${MAX_AGE} лет` });
    }
    if (v.hiredOn && !plausibleHireDate(v.hiredOn, today)) {
      ctx.addIssue({ code: 'custom', path: ['hiredOn'], message: 'Проверьте дату приёма: не раньше 1950 года и не позже чем через год' });
    }
    if (v.birthDate && v.hiredOn && v.hiredOn <= v.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['hiredOn'], message: 'Дата приёма не может быть раньше даты рождения' });
    }
  });
export type SaveStaffInput = z.infer<typeof SaveStaff>;
