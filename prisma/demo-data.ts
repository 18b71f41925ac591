/**
 * The demo kindergarten: the seed's МБДОУ № 50 «Алёнушка» with 30 teaching staff.
 * Names are invented; positions, categories and experience follow a typical Kaluga kindergarten.
 */
import type { QualificationCategory, Role } from '../src/generated/prisma/enums.ts';
import { loginFor } from '../src/core/translit.ts';
import { EXAMPLE_ORGANIZATION } from '../src/modules/setup/index.ts';

/**
 * The demo's own organization: the seed kindergarten's names with made-up requisites (the ИНН and ОГРН pass
 * their check digits but belong to no real organization), the settings that let its teachers give every consent
 * online, an address (slug) of its own — never the one the setup form suggests — and `demo: true`, the mark
 * that lets `npm run demo` change it again.
 */
export const DEMO_ORGANIZATION = {
  ...EXAMPLE_ORGANIZATION,
  slug: 'demo-alenushka',
  demo: true,
  address: '248000, Калужская область, г. Калуга, ул. Садовая, д. 50',
  inn: '4028012349',
  ogrn: '1024001234564',
  website: 'https://ds50.example.ru',
  socialPages: 'https://vk.com/ds50kaluga.example\nhttps://t.me/ds50kaluga_example',
  signatureBasis: 'п. 6.3 Положения о системе наставничества педагогических работников, утверждённого приказом № 1-од',
  labourEdocBasis: 'приказ «О переходе на электронный кадровый документооборот» от 01.09.2026 № 15-од',
};

/**
 * Every demo login starts with this: logins are unique in the whole portal, and a real installation's
 * «admin» or «head» must never be taken over by the demo.
 */
export const DEMO_LOGIN_PREFIX = 'demo.';

/** The demo's login for a short name the docs use: demoLogin('head') → «demo.head». */
export const demoLogin = (name: string) => `${DEMO_LOGIN_PREFIX}${name}`;

export interface DemoPerson {
  /** Fixed login for the accounts the docs mention; others get one made from the name. */
  login?: string;
  role: Role;
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  experienceYears: number;
  experienceHereYears: number;
  category: QualificationCategory;
  ageGroup?: string;
  education?: string;
  birthYear: number;
}

const HIGHER = 'высшее педагогическое';
const SECONDARY = 'среднее профессиональное педагогическое';

export const DEMO_STAFF: DemoPerson[] = [
  { login: 'head', role: 'HEAD', lastName: 'Свиридова', firstName: 'Наталья', middleName: 'Геннадьевна', position: 'заведующий', experienceYears: 27, experienceHereYears: 12, category: 'HIGHEST', education: HIGHER, birthYear: 1972 },
  { login: 'methodist', role: 'METHODIST', lastName: 'Белова', firstName: 'Ирина', middleName: 'Викторовна', position: 'старший воспитатель', experienceYears: 21, experienceHereYears: 9, category: 'HIGHEST', education: HIGHER, birthYear: 1978 },
  { login: 'mentor', role: 'TEACHER', lastName: 'Кузнецова', firstName: 'Ольга', middleName: 'Николаевна', position: 'воспитатель', experienceYears: 18, experienceHereYears: 14, category: 'HIGHEST', ageGroup: 'подготовительная к школе группа', education: HIGHER, birthYear: 1981 },
  { login: 'mentee', role: 'TEACHER', lastName: 'Соколова', firstName: 'Анастасия', middleName: 'Игоревна', position: 'воспитатель', experienceYears: 1, experienceHereYears: 1, category: 'NONE', ageGroup: 'младшая группа', education: SECONDARY, birthYear: 2003 },
  { role: 'TEACHER', lastName: 'Морозова', firstName: 'Елена', middleName: 'Сергеевна', position: 'воспитатель', experienceYears: 24, experienceHereYears: 20, category: 'HIGHEST', ageGroup: 'старшая группа', education: HIGHER, birthYear: 1976 },
  { role: 'TEACHER', lastName: 'Волкова', firstName: 'Татьяна', middleName: 'Александровна', position: 'воспитатель', experienceYears: 15, experienceHereYears: 7, category: 'FIRST', ageGroup: 'средняя группа', education: HIGHER, birthYear: 1985 },
  { role: 'TEACHER', lastName: 'Лебедева', firstName: 'Светлана', middleName: 'Михайловна', position: 'воспитатель', experienceYears: 12, experienceHereYears: 12, category: 'FIRST', ageGroup: 'вторая младшая группа', education: SECONDARY, birthYear: 1988 },
  { role: 'TEACHER', lastName: 'Козлова', firstName: 'Марина', middleName: 'Владимировна', position: 'воспитатель', experienceYears: 9, experienceHereYears: 4, category: 'FIRST', ageGroup: 'старшая группа', education: HIGHER, birthYear: 1990 },
  { role: 'TEACHER', lastName: 'Новикова', firstName: 'Дарья', middleName: 'Андреевна', position: 'воспитатель', experienceYears: 2, experienceHereYears: 2, category: 'NONE', ageGroup: 'средняя группа', education: HIGHER, birthYear: 2001 },
  { role: 'TEACHER', lastName: 'Павлова', firstName: 'Юлия', middleName: 'Олеговна', position: 'воспитатель', experienceYears: 0, experienceHereYears: 0, category: 'NONE', ageGroup: 'группа раннего возраста', education: SECONDARY, birthYear: 2004 },
  { role: 'TEACHER', lastName: 'Семёнова', firstName: 'Галина', middleName: 'Петровна', position: 'воспитатель', experienceYears: 31, experienceHereYears: 25, category: 'HIGHEST', ageGroup: 'подготовительная к школе группа', education: SECONDARY, birthYear: 1968 },
  { role: 'TEACHER', lastName: 'Егорова', firstName: 'Наталья', middleName: 'Ивановна', position: 'воспитатель', experienceYears: 6, experienceHereYears: 1, category: 'CORRESPONDENCE', ageGroup: 'младшая группа', education: HIGHER, birthYear: 1992 },
  { role: 'TEACHER', lastName: 'Орлова', firstName: 'Виктория', middleName: 'Денисовна', position: 'воспитатель', experienceYears: 1, experienceHereYears: 1, category: 'NONE', ageGroup: 'вторая младшая группа', education: HIGHER, birthYear: 2002 },
  { role: 'TEACHER', lastName: 'Андреева', firstName: 'Людмила', middleName: 'Борисовна', position: 'воспитатель', experienceYears: 19, experienceHereYears: 3, category: 'FIRST', ageGroup: 'старшая группа', education: SECONDARY, birthYear: 1979 },
  { role: 'TEACHER', lastName: 'Макарова', firstName: 'Оксана', middleName: 'Юрьевна', position: 'воспитатель', experienceYears: 4, experienceHereYears: 0, category: 'NONE', ageGroup: 'средняя группа', education: HIGHER, birthYear: 1996 },
  { role: 'TEACHER', lastName: 'Захарова', firstName: 'Алина', middleName: 'Руслановна', position: 'воспитатель', experienceYears: 11, experienceHereYears: 11, category: 'FIRST', ageGroup: 'группа компенсирующей направленности', education: HIGHER, birthYear: 1989 },
  { role: 'TEACHER', lastName: 'Зайцева', firstName: 'Ксения', middleName: 'Павловна', position: 'воспитатель', experienceYears: 3, experienceHereYears: 3, category: 'CORRESPONDENCE', ageGroup: 'младшая группа', education: SECONDARY, birthYear: 2000 },
  { role: 'TEACHER', lastName: 'Борисова', firstName: 'Вера', middleName: 'Анатольевна', position: 'воспитатель', experienceYears: 22, experienceHereYears: 18, category: 'HIGHEST', ageGroup: 'подготовительная к школе группа', education: HIGHER, birthYear: 1975 },
  { role: 'TEACHER', lastName: 'Тихонова', firstName: 'Полина', middleName: 'Евгеньевна', position: 'воспитатель', experienceYears: 0, experienceHereYears: 0, category: 'NONE', ageGroup: 'группа раннего возраста', education: HIGHER, birthYear: 2003 },
  { role: 'TEACHER', lastName: 'Фёдорова', firstName: 'Анна', middleName: 'Константиновна', position: 'воспитатель', experienceYears: 14, experienceHereYears: 2, category: 'FIRST', ageGroup: 'средняя группа', education: HIGHER, birthYear: 1986 },
  { role: 'TEACHER', lastName: 'Григорьева', firstName: 'Екатерина', middleName: 'Романовна', position: 'воспитатель', experienceYears: 8, experienceHereYears: 8, category: 'FIRST', ageGroup: 'старшая группа', education: SECONDARY, birthYear: 1993 },
  { role: 'TEACHER', lastName: 'Ильина', firstName: 'Ольга', middleName: 'Валерьевна', position: 'музыкальный руководитель', experienceYears: 20, experienceHereYears: 15, category: 'HIGHEST', education: 'высшее музыкально-педагогическое', birthYear: 1977 },
  { role: 'TEACHER', lastName: 'Комарова', firstName: 'Алёна', middleName: 'Сергеевна', position: 'музыкальный руководитель', experienceYears: 2, experienceHereYears: 2, category: 'NONE', education: 'среднее профессиональное музыкальное', birthYear: 2000 },
  { role: 'TEACHER', lastName: 'Гусев', firstName: 'Артём', middleName: 'Олегович', position: 'инструктор по физической культуре', experienceYears: 7, experienceHereYears: 5, category: 'FIRST', education: 'высшее (физическая культура)', birthYear: 1994 },
  { role: 'TEACHER', lastName: 'Титова', firstName: 'Маргарита', middleName: 'Львовна', position: 'учитель-логопед', experienceYears: 25, experienceHereYears: 10, category: 'HIGHEST', education: 'высшее дефектологическое', birthYear: 1973 },
  { role: 'TEACHER', lastName: 'Кудрявцева', firstName: 'Ева', middleName: 'Максимовна', position: 'учитель-логопед', experienceYears: 1, experienceHereYears: 1, category: 'NONE', education: 'высшее дефектологическое', birthYear: 2002 },
  { role: 'TEACHER', lastName: 'Баранова', firstName: 'Софья', middleName: 'Аркадьевна', position: 'учитель-дефектолог', experienceYears: 10, experienceHereYears: 6, category: 'FIRST', education: 'высшее дефектологическое', birthYear: 1987 },
  { role: 'TEACHER', lastName: 'Крылова', firstName: 'Надежда', middleName: 'Витальевна', position: 'педагог-психолог', experienceYears: 13, experienceHereYears: 8, category: 'FIRST', education: 'высшее психологическое', birthYear: 1984 },
  { role: 'TEACHER', lastName: 'Никитина', firstName: 'Валерия', middleName: 'Артёмовна', position: 'педагог дополнительного образования', experienceYears: 5, experienceHereYears: 5, category: 'CORRESPONDENCE', education: 'высшее художественно-педагогическое', birthYear: 1995 },
  { role: 'TEACHER', lastName: 'Соловьёв', firstName: 'Илья', middleName: 'Дмитриевич', position: 'педагог дополнительного образования', experienceYears: 3, experienceHereYears: 1, category: 'NONE', education: 'высшее', birthYear: 1998 },
];

export { loginFor };
