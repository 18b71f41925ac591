import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: used to spend the same time when the login does not exist. */
export const dummyHash = hash(crypto.randomBytes(16).toString('hex'));

/** One-time passwords shown once to an administrator: no look-alike characters (0/O, 1/l/I). */
export function generateOneTimePassword(length = 12): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

/** A one-time password to show once, with the hash to store (mustChangePassword goes with it). */
export async function newOneTimePassword(): Promise<{ oneTimePassword: string; passwordHash: string }> {
  const oneTimePassword = generateOneTimePassword();
  return { oneTimePassword, passwordHash: await hashPassword(oneTimePassword) };
}
