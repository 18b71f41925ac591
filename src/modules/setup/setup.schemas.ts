import { z } from 'zod';
import { password, requiredText } from '../../core/forms.ts';
import { OrganizationFields } from '../settings/settings.schemas.ts';

export const LoginField = z
  .string({ error: 'Введите логин' })
  .trim()
  .toLowerCase()
  .min(3, 'Логин: не короче 3 символов')
  .max(50, 'Логин: не длиннее 50 символов')
  .regex(/^[a-z0-9._-]+$/, 'Логин: только латинские буквы, цифры, точка, дефис и подчёркивание');

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

