import { z } from 'zod';
import { requiredText } from '../../core/forms.ts';
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

const RoleField = z.enum(Role, { error: 'Выберите роль из списка' });

export const SaveUser = z.object({
  login: LoginField,
  fullName: requiredText('ФИО', 200),
  role: RoleField,
});
export type SaveUserInput = z.infer<typeof SaveUser>;

export const UserListQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: RoleField.optional().catch(undefined),
  status: z.enum(['active', 'inactive']).optional().catch(undefined),
  page: pageParam,
});
export type UserListFilter = z.infer<typeof UserListQuery>;

export const IdParam = z.coerce.number().int().positive().max(2_147_483_647);
