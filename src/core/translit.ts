// Transliteration as in Russian passports (приказ МВД № 889), for logins and file names.
const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y',
  ь: '', э: 'e', ю: 'iu', я: 'ia',
};

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
}

/** «Морозова Елена Сергеевна» → "morozova.es": a login proposal (the caller makes it unique). */
export function loginFor(person: { lastName: string; firstName: string; middleName: string }): string {
  const initials = transliterate((person.firstName[0] ?? '') + (person.middleName[0] ?? ''));
  return `${transliterate(person.lastName).replace(/[^a-z0-9-]/g, '')}.${initials}`.replace(/\.$/, '');
}
