/** Types for petrovich 0.2 (declension of Russian first names, patronymics and surnames by case). */
declare module 'petrovich' {
  type Gender = 'male' | 'female' | 'androgynous';
  type NameType = 'first' | 'middle' | 'last';
  type Case = 'nominative' | 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';

  interface Person {
    /** Optional when `middle` is given: the gender is then detected from the patronymic. */
    gender?: Gender;
    first?: string;
    middle?: string;
    last?: string;
  }

  type Declined<P extends Person> = { [K in keyof P]: K extends 'gender' ? Gender : string } & { gender: Gender };

  interface Petrovich {
    <P extends Person>(person: P, gcase: Case): Declined<P>;
    detect_gender(middle: string): Gender;
    male: Record<NameType, Record<Case, (name: string) => string>>;
    female: Record<NameType, Record<Case, (name: string) => string>>;
    androgynous: Record<NameType, Record<Case, (name: string) => string>>;
  }

  const petrovich: Petrovich;
  export = petrovich;
}
