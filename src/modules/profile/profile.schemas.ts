import { z } from 'zod';
import { optionalEmail, password, requiredText } from '../../core/forms.ts';

export const ChangePassword = z
  .object({
    currentPassword: z.string({ error: 'Введите текущий пароль' }).min(1, 'Введите текущий пароль'),
    newPassword: password('Новый пароль'),
    newPasswordConfirm: z.string().optional().default(''),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, { path: ['newPasswordConfirm'], message: 'Пароли не совпадают' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Новый пароль должен отличаться от текущего' });
export type ChangePasswordInput = z.infer<typeof ChangePassword>;

export const UpdateProfile = z.object({ fullName: requiredText('ФИО', 200) });
export type UpdateProfileInput = z.infer<typeof UpdateProfile>;

/** How notifications come by e-mail; an own address only matters when the staff card has none. */
export const UpdateEmailSettings = z.object({
  emailMode: z.enum(['IMMEDIATE', 'DIGEST', 'OFF'], { error: 'Выберите, как присылать уведомления' }),
  email: optionalEmail,
});
export type UpdateEmailSettingsInput = z.infer<typeof UpdateEmailSettings>;
