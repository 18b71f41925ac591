import { formatDate } from '../../core/format.ts';
import { organizationName } from '../../domain/organizations.ts';
import { fullNameOf, initialsSurname } from '../../domain/people.ts';
import type { ConsentKind } from '../../generated/prisma/enums.ts';

/**
 * Consent texts: the defaults shipped in code (version 1 of every organization), the {{placeholders}}
 * a methodist may use, and filling a text for one person. A text is filled in one of two modes
 * (see CONTEXT.md): `print` leaves blanks «______» for what the person writes by hand on paper,
 * `electronic` puts there what the person typed when accepting (their address, identity document,
 * conditions of distribution) — or, before they typed, a note that it is entered below the text.
 */

export type FillMode = 'print' | 'electronic';

export interface FillContext {
  organization: {
    fullName: string;
    fullNameGenitive: string;
    fullNameDative: string;
    shortName: string;
    address: string;
    postalAddress: string;
    inn: string;
    ogrn: string;
    headName: string;
    headPosition: string;
    website: string;
    socialPages: string;
    slug: string;
    processorName: string;
    processorInn: string;
    processorAddress: string;
    /** The Regulation's point that makes the portal login a simple electronic signature; '' = none. */
    signatureBasis: string;
  };
  person: {
    lastName: string;
    firstName: string;
    middleName: string;
    position: string;
    email: string;
    phone: string;
  };
  /** The portal's address (PUBLIC_URL), '' when not set: the public page is then named by its path. */
  publicUrl: string;
  /** The person's login: identifies them when the account is a simple electronic signature. */
  login?: string;
  /** What the person typed when accepting electronically; absent while the text is only shown. */
  given?: GivenDetails;
  /** «Today» for {{date}} in electronic texts. */
  now: Date;
  timeZone: string;
}

/** Details a person types under the electronic text. Personal data: kept only in the consent's text. */
export interface GivenDetails {
  address: string;
  /** «паспорт гражданина Российской Федерации серия 2904 № 123456, выдан …, дата выдачи 12.03.2015»; '' when signed with the account. */
  document: string;
  /** Conditions and prohibitions of ст. 10.1 ч. 9; '' = none. */
  restrictions: string;
}

const BLANK = '________________________';
const LONG_BLANK = '________________________________________';
/** Where the electronic text stands for what the person types under it. */
const TYPED_BELOW = '(указывается ниже, при подтверждении согласия)';

interface Placeholder {
  key: string;
  label: string;
  /** Filled from data; an empty value prints as a blank (unless `optional`). */
  value?: (ctx: FillContext) => string;
  /** An empty value is left out (a sentence that applies only sometimes), not printed as a blank. */
  optional?: boolean;
  /** Written by hand on the paper form; typed by the person in the electronic text. */
  handFilled?: { print: string; electronic: (ctx: FillContext) => string };
}

/** The public page as a full address when the portal's address is known. */
function publicPageOf(ctx: FillContext): string {
  return `${ctx.publicUrl}/p/${ctx.organization.slug}`;
}

function socialPagesOf(ctx: FillContext): string[] {
  return ctx.organization.socialPages.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** «ИНН 4028012349, ОГРН 1024001234564»: what is known of them. */
function requisitesOf(ctx: FillContext): string {
  const { inn, ogrn } = ctx.organization;
  return [inn && `ИНН ${inn}`, ogrn && `ОГРН ${ogrn}`].filter(Boolean).join(', ');
}

/** The processor's sentence (152-ФЗ ст. 9 ч. 4 п. 6), or '' when the organization runs the portal itself. */
function processorOf(ctx: FillContext): string {
  const { processorName, processorInn, processorAddress } = ctx.organization;
  if (!processorName.trim()) return '';
  const details = [processorInn && `ИНН ${processorInn}`, processorAddress && `адрес: ${processorAddress}`].filter(Boolean).join(', ');
  return `Обработку персональных данных по поручению оператора осуществляет ${processorName.trim()}${details ? ` (${details})` : ''}.`;
}

/** The identity document: typed by the person, or the account when the Regulation makes it a simple electronic signature. */
function documentOf(ctx: FillContext): string {
  if (ctx.given?.document) return ctx.given.document;
  if (ctx.organization.signatureBasis.trim()) {
    return `не указывается: согласие подписано простой электронной подписью — учётной записью «${ctx.login ?? ''}» портала «Наставник» (${ctx.organization.signatureBasis.trim()})`;
  }
  return ctx.given ? '' : TYPED_BELOW;
}

export const PLACEHOLDERS: Placeholder[] = [
  { key: 'organization.fullName', label: 'полное наименование организации (оператора, работодателя)', value: (c) => c.organization.fullName },
  { key: 'organization.fullNameGenitive', label: 'полное наименование в родительном падеже (кого? чего?)', value: (c) => organizationName(c.organization, 'genitive') },
  { key: 'organization.fullNameDative', label: 'полное наименование в дательном падеже (кому? чему?)', value: (c) => organizationName(c.organization, 'dative') },
  { key: 'organization.shortName', label: 'краткое наименование организации', value: (c) => c.organization.shortName },
  { key: 'organization.address', label: 'юридический адрес организации (из настроек)', value: (c) => c.organization.address },
  { key: 'organization.postalAddress', label: 'почтовый адрес организации (юридический, если почтовый не указан)', value: (c) => c.organization.postalAddress || c.organization.address },
  { key: 'organization.inn', label: 'ИНН организации', value: (c) => c.organization.inn },
  { key: 'organization.ogrn', label: 'ОГРН организации', value: (c) => c.organization.ogrn },
  { key: 'organization.requisites', label: 'ИНН и ОГРН организации одной строкой', value: requisitesOf },
  { key: 'organization.headName', label: 'ФИО руководителя полностью', value: (c) => c.organization.headName },
  { key: 'organization.headInitials', label: 'руководитель в виде «И.О. Фамилия»', value: (c) => initialsSurname(c.organization.headName) },
  { key: 'organization.headPosition', label: 'должность руководителя', value: (c) => c.organization.headPosition },
  { key: 'organization.website', label: 'официальный сайт организации', value: (c) => c.organization.website },
  { key: 'organization.publicPage', label: 'адрес публичной страницы организации на портале (полный, если задан PUBLIC_URL)', value: publicPageOf },
  { key: 'organization.socialPages', label: 'официальные страницы в социальных сетях (из настроек), через точку с запятой', value: (c) => socialPagesOf(c).join('; ') },
  {
    key: 'organization.resources',
    label: 'информационные ресурсы для распространения: сайт, страница на портале, страницы в социальных сетях — полные адреса',
    value: (c) =>
      [
        c.organization.website && `официальный сайт оператора ${c.organization.website}`,
        `страница организации на портале системы наставничества «Наставник» ${publicPageOf(c)}`,
        ...socialPagesOf(c).map((page) => `официальная страница оператора в социальной сети ${page}`),
      ]
        .filter(Boolean)
        .join('; '),
  },
  { key: 'organization.processor', label: 'фраза об обработчике по поручению оператора (пусто, если портал ведёт сама организация)', value: processorOf, optional: true },
  { key: 'person.fullName', label: 'ФИО педагога полностью', value: (c) => fullNameOf(c.person) },
  { key: 'person.initials', label: 'педагог в виде «И.О. Фамилия»', value: (c) => initialsSurname(fullNameOf(c.person)) },
  { key: 'person.position', label: 'должность педагога', value: (c) => c.person.position },
  { key: 'person.contacts', label: 'контакты педагога (e-mail, телефон из карточки)', value: (c) => [c.person.email, c.person.phone].filter(Boolean).join(', ') },
  {
    key: 'person.address',
    label: 'адрес регистрации педагога (на бумаге — от руки, в электронном согласии его вводит педагог)',
    handFilled: { print: LONG_BLANK, electronic: (c) => c.given?.address ?? TYPED_BELOW },
  },
  {
    key: 'person.document',
    label: 'документ, удостоверяющий личность: вид, серия, номер, кем и когда выдан (на бумаге — от руки, в электронном согласии — вводит педагог)',
    handFilled: {
      print: `${LONG_BLANK}\nсерия ________ № ______________, дата выдачи ______________\nкем выдан ${LONG_BLANK}`,
      electronic: documentOf,
    },
  },
  {
    key: 'distribution.restrictions',
    label: 'условия и запреты на обработку неограниченным кругом лиц (ч. 9 ст. 10.1 152-ФЗ)',
    handFilled: {
      print: `${LONG_BLANK} (если не заполнено — не установлены)`,
      electronic: (c) => (c.given ? c.given.restrictions.trim() || 'не установлены' : TYPED_BELOW),
    },
  },
  { key: 'mentoring.content', label: 'содержание наставничества', handFilled: { print: LONG_BLANK, electronic: () => 'определяется дополнительным соглашением к трудовому договору' } },
  { key: 'mentoring.term', label: 'срок наставничества', handFilled: { print: BLANK, electronic: () => 'определяется дополнительным соглашением к трудовому договору' } },
  { key: 'mentoring.form', label: 'форма наставничества', handFilled: { print: BLANK, electronic: () => 'определяется дополнительным соглашением к трудовому договору' } },
  { key: 'mentoring.pay', label: 'размер и условия выплаты (доплаты) за наставничество', handFilled: { print: LONG_BLANK, electronic: () => 'определяются дополнительным соглашением к трудовому договору' } },
  {
    key: 'date',
    label: 'дата: на бумаге — пустая строка «___» ______ 20___ г., в электронном тексте — дата согласия',
    value: (c) => formatDate(c.now, c.timeZone),
    handFilled: { print: '«___» ____________ 20___ г.', electronic: (c) => formatDate(c.now, c.timeZone) },
  },
];

const BY_KEY = new Map(PLACEHOLDERS.map((p) => [p.key, p]));

/** Matches {{ name }}; anything else with braces is reported by unknownPlaceholders(). */
const PLACEHOLDER = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** Placeholders the text uses that do not exist (and stray «{{» / «}}»), for the 422 message. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) if (!BY_KEY.has(match[1]!)) unknown.add(match[0]);
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) unknown.add('{{…}} (непарные фигурные скобки)');
  return [...unknown];
}

export function fillText(text: string, ctx: FillContext, mode: FillMode): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const p = BY_KEY.get(key);
    if (!p) return whole;
    if (p.handFilled) return mode === 'print' ? p.handFilled.print : p.handFilled.electronic(ctx);
    const value = p.value!(ctx).trim();
    return value || (p.optional ? '' : BLANK);
  });
}

/** What the person must type under the electronic text of this kind (the rest is filled from data). */
export function detailsToType(kind: ConsentKind, organization: { signatureBasis: string }): { address: boolean; document: boolean; restrictions: boolean } {
  return {
    address: kind === 'PERSONAL_DATA',
    document: kind === 'PERSONAL_DATA' && !organization.signatureBasis.trim(),
    restrictions: kind === 'DISTRIBUTION',
  };
}

/** Line endings and trailing spaces normalised, so the same text always has the same hash. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface TemplateText {
  title: string;
  body: string;
}

/** The text a person agrees to: the filled title, a blank line, the filled body. Its SHA-256 is kept. */
export function consentText(template: TemplateText, ctx: FillContext, mode: FillMode): string {
  return normalizeText(`${fillText(template.title, ctx, mode)}\n\n${fillText(template.body, ctx, mode)}`);
}

// ---- default texts (version 1) --------------------------------------------------------------------

export const DEFAULT_TEMPLATES: Record<ConsentKind, TemplateText> = {
  PERSONAL_DATA: {
    title: 'Согласие на обработку персональных данных',
    body: `Я, {{person.fullName}},
адрес регистрации: {{person.address}},
документ, удостоверяющий личность: {{person.document}},
в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» свободно, своей волей и в своём интересе даю согласие оператору — {{organization.fullNameDative}} ({{organization.requisites}}; адрес: {{organization.address}}) на обработку моих персональных данных на следующих условиях.

1. Цель обработки: организация наставничества педагогических работников в {{organization.shortName}} — формирование банков наставников и наставляемых, подбор наставнических пар и групп, сопровождение персонализированных программ наставничества, подготовка отчётности о реализации системы наставничества.

2. Перечень персональных данных: фамилия, имя, отчество; дата рождения; занимаемая должность; педагогический стаж и стаж работы в организации; сведения об образовании; квалификационная категория; контактные данные (адрес электронной почты, номер телефона); профессиональные запросы (затруднения) и результаты анкетирования.

3. Перечень действий с персональными данными: сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, использование, обезличивание, блокирование, удаление, уничтожение. Обработка ведётся как с использованием средств автоматизации, так и без их использования. Распространение персональных данных настоящим согласием не предусмотрено. {{organization.processor}}

4. Срок действия согласия: с даты его подписания до достижения целей обработки, но не дольше срока моей работы в {{organization.shortName}}; по истечении этого срока персональные данные хранятся в течение срока, установленного законодательством Российской Федерации (в том числе об архивном деле), после чего уничтожаются.

5. Порядок отзыва: согласие может быть отозвано мною в любое время письменным заявлением, направленным оператору по адресу: {{organization.postalAddress}} (часть 2 статьи 9 Федерального закона от 27.07.2006 № 152-ФЗ). Мне известно, что после отзыва оператор вправе продолжить обработку персональных данных без согласия при наличии оснований, указанных в пунктах 2–11 части 1 статьи 6, части 2 статьи 10 и части 2 статьи 11 Федерального закона от 27.07.2006 № 152-ФЗ.

Права и обязанности в области защиты персональных данных мне разъяснены.`,
  },
  DISTRIBUTION: {
    title: 'Согласие на обработку персональных данных, разрешённых субъектом персональных данных для распространения',
    body: `Я, {{person.fullName}}, контактная информация: {{person.contacts}}, в соответствии со статьёй 10.1 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие оператору — {{organization.fullNameDative}} ({{organization.requisites}}; адрес: {{organization.address}}) на обработку в форме распространения моих персональных данных на следующих условиях.

1. Цель обработки: информирование о реализации системы наставничества педагогических работников в {{organization.shortName}} — публикация новостей о мероприятиях, наставнических парах и группах, лучших практиках наставничества.

2. Категории и перечень персональных данных, разрешённых для распространения: персональные данные — фамилия, имя, отчество; занимаемая должность; квалификационная категория; сведения об участии в наставничестве и в мероприятиях; биометрические персональные данные — фотографическое изображение (фотографии с мероприятий).

3. Информационные ресурсы оператора, посредством которых осуществляется предоставление доступа неограниченному кругу лиц к персональным данным: {{organization.resources}}.

4. Условия и запреты на обработку персональных данных неограниченным кругом лиц, в том числе условия передачи оператором полученных персональных данных только по его внутренней сети или без передачи (часть 9 статьи 10.1 Федерального закона от 27.07.2006 № 152-ФЗ): {{distribution.restrictions}}.

5. Срок действия согласия: с даты его подписания до окончания моей работы в {{organization.shortName}} или до его отзыва. {{organization.processor}}

6. Порядок отзыва: действие согласия прекращается с момента поступления оператору по адресу: {{organization.postalAddress}} моего требования о прекращении передачи (распространения, предоставления, доступа) персональных данных с указанием фамилии, имени, отчества, контактной информации и перечня персональных данных, обработка которых подлежит прекращению (части 12 и 13 статьи 10.1 Федерального закона от 27.07.2006 № 152-ФЗ).

Согласие дано в соответствии с требованиями к содержанию согласия, утверждёнными приказом Федеральной службы по надзору в сфере связи, информационных технологий и массовых коммуникаций (Роскомнадзора) от 24.02.2021 № 18.`,
  },
  MENTORING: {
    title: 'Согласие педагогического работника на осуществление наставнической деятельности',
    body: `Я, {{person.fullName}}, {{person.position}}, в соответствии со статьёй 351.8 Трудового кодекса Российской Федерации от 30.12.2001 № 197-ФЗ даю работодателю — {{organization.fullNameDative}} — письменное согласие на осуществление наставнической деятельности в соответствии с Положением о системе наставничества педагогических работников {{organization.fullNameGenitive}}.

Мне разъяснено, что содержание, срок и форма наставничества, а также размер и условия выплаты за наставническую деятельность устанавливаются трудовым договором или дополнительным соглашением к трудовому договору:
содержание наставничества: {{mentoring.content}};
срок наставничества: {{mentoring.term}};
форма наставничества: {{mentoring.form}};
размер и условия выплаты (доплаты): {{mentoring.pay}}.

Наставническая деятельность осуществляется мною дополнительно к работе, определённой трудовым договором, и не входит в мои должностные обязанности.

Настоящее согласие может быть отозвано мною письменным заявлением на имя работодателя.`,
  },
};

/** Who signs each kind, in the signature block of the printed form. */
export const SIGNER_LABELS: Record<ConsentKind, string> = {
  PERSONAL_DATA: 'Субъект персональных данных',
  DISTRIBUTION: 'Субъект персональных данных',
  MENTORING: 'Педагогический работник',
};

/** URL slugs of the kinds: /consents/accept/personal-data. */
export const KIND_SLUGS: Record<ConsentKind, string> = {
  PERSONAL_DATA: 'personal-data',
  DISTRIBUTION: 'distribution',
  MENTORING: 'mentoring',
};

export const CONSENT_KINDS = Object.keys(KIND_SLUGS) as ConsentKind[];

/** Accepts «personal-data» (and the enum name, for hand-typed URLs). */
export function kindFromSlug(slug: string): ConsentKind | undefined {
  const normalized = slug.toLowerCase().replace(/_/g, '-');
  return CONSENT_KINDS.find((k) => KIND_SLUGS[k] === normalized);
}

/** Short names for columns and buttons. */
export const KIND_SHORT_LABELS: Record<ConsentKind, string> = {
  PERSONAL_DATA: 'Обработка ПД',
  DISTRIBUTION: 'Распространение ПД',
  MENTORING: 'Наставничество (ст. 351.8 ТК)',
};
