import { z } from 'zod';

export const Login = z.object({
  username: z.string({ error: 'Введите логин' }).trim().min(1, 'Введите логин').max(100, 'Логин не длиннее 100 символов'),
  password: z.string({ error: 'Введите пароль' }).min(1, 'Введите пароль').max(200, 'Пароль не длиннее 200 символов'),
});
