import type { SignedDocumentKind } from '../../generated/prisma/enums.ts';

/** What /verify calls each kind of signed document. */
export const SIGNED_KIND_LABELS: Record<SignedDocumentKind, string> = {
  ORDER: 'Приказ',
  CONSENT: 'Согласие',
  PROGRAMME: 'Персонализированная программа наставничества',
};
