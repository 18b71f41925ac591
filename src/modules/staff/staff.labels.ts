/** Experience bands used by the directory filter. */
export const EXPERIENCE_BANDS = {
  'under-3': { label: 'до 3 лет', min: 0, max: 2 },
  '3-10': { label: '3–10 лет', min: 3, max: 10 },
  '11-20': { label: '11–20 лет', min: 11, max: 20 },
  'over-20': { label: 'более 20 лет', min: 21, max: 100 },
} as const;

/** Sort orders of the directory list. */
export const STAFF_SORTS = {
  name: 'ФИО',
  position: 'должность',
  experience: 'стаж',
  hired: 'дата приёма',
} as const;

export const STAFF_STATES = {
  working: 'работают',
  archived: 'в архиве',
} as const;
