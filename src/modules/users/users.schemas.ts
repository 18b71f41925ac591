import { z } from 'zod';
import { optionalText, requiredText } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { Role } from '../../generated/prisma/enums.ts';

/** A login: the same rule for the first administrator, new accounts and accounts of staff cards. */
export const LoginField = z
  .string({ error: 'Введите логин' })
  .trim()
  .toLowerCase()
  .min(3, 'Логин: не короче 3 символов')
  .max(50, 'Логин: не длиннее 50 символов')
  .regex(/^[a-z0-9._-]+$/, 'Логин: только латинские буквы, цифры, точка, дефис и подчёркивание');

/**
 * The roles of a kindergarten's accounts. The city specialist (CITY) is not among them: such an account reads
 * every kindergarten of the portal, so only the portal's operator makes one (`npm run city`, src/modules/city).
 */
export const KINDERGARTEN_ROLES = [Role.ADMIN, Role.HEAD, Role.METHODIST, Role.TEACHER] as const;
const RoleField = z.enum(KINDERGARTEN_ROLES, { error: 'Выберите роль из списка' });

export const SaveUser = z.object({
  login: LoginField,
  fullName: requiredText('ФИО', 200),
  role: RoleField,
});
export type SaveUserInput = z.infer<typeof SaveUser>;

const StaffCardField = z
  .union([z.literal(''), z.coerce.number({ error: 'Выберите карточку сотрудника из списка' }).int().positive().max(2_147_483_647, 'Выберите карточку сотрудника из списка')])
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v));

/**
 * A new account at /users/new, optionally linked to a staff card: then the name comes from the card (the
 * account of a staff member shows the directory's name) and the ФИО field may stay empty.
 */
export const CreateUser = z
  .object({ login: LoginField, fullName: optionalText('ФИО', 200), role: RoleField, staffMemberId: StaffCardField })
  .superRefine((value, ctx) => {
    if (!value.fullName && value.staffMemberId === null) ctx.addIssue({ code: 'custom', path: ['fullName'], message: 'Заполните поле «ФИО»' });
  });
export type CreateUserInput = z.infer<typeof CreateUser>;

/** «Связать с карточкой» on the account's page. */
export const LinkStaffCard = z.object({
  staffMemberId: z.coerce.number({ error: 'Выберите карточку сотрудника из списка' }).int('Выберите карточку сотрудника из списка').positive('Выберите карточку сотрудника из списка').max(2_147_483_647, 'Выберите карточку сотрудника из списка'),
});

export const UserListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: RoleField.optional().catch(undefined),
  status: z.enum(['active', 'inactive']).optional().catch(undefined),
  page: pageParam,
});
export type UserListFilter = z.infer<typeof UserListQuery>;

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);
