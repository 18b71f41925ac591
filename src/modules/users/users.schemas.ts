import { z } from 'zod';
import { requiredText } from '../../core/forms.ts';
import { pageParam } from '../../core/pagination.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { LoginField } from '../setup/setup.schemas.ts';

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
