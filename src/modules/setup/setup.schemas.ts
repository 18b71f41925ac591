import { z } from 'zod';
import { password, requiredText } from '../../core/forms.ts';
import { OrganizationFields } from '../settings/index.ts';
import { LoginField } from '../users/index.ts';

export const CompleteSetup = z
  .object({
    token: requiredText('Код установки', 100),
    ...OrganizationFields.shape,
    adminFullName: requiredText('ФИО администратора', 200),
    adminLogin: LoginField,
    adminPassword: password(),
    adminPasswordConfirm: z.string().optional().default(''),
  })
  .refine((v) => v.adminPassword === v.adminPasswordConfirm, {
    path: ['adminPasswordConfirm'],
    message: 'Пароли не совпадают',
  });

export type CompleteSetupInput = z.infer<typeof CompleteSetup>;

