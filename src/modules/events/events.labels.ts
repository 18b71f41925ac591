/** Words of the events module (stages 4 and 6): kinds, states, audiences, replies. */
import type { EventAudience, EventKind, EventReply, EventStatus } from '../../generated/prisma/enums.ts';

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  SETUP_SESSION: 'установочная сессия для наставников',
  CONSULTATION: 'консультация',
  EXPERIENCE_EXCHANGE: 'обмен опытом',
  SEMINAR: 'семинар / педагогическая конференция',
  ROUND_TABLE: 'итоговый круглый стол',
};

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  PLANNED: 'запланировано',
  HELD: 'проведено',
  CANCELLED: 'отменено',
};

export const EVENT_AUDIENCE_LABELS: Record<EventAudience, string> = {
  MENTORS: 'наставники и кандидаты в наставники (банк наставников)',
  MENTEES: 'наставляемые этого учебного года (банк наставляемых)',
  PAIRS: 'участники действующих пар и групп',
  ALL_STAFF: 'все работающие сотрудники',
  CHOSEN: 'выбранные сотрудники',
};

export const EVENT_REPLY_LABELS: Record<EventReply, string> = {
  COMING: 'приду',
  NOT_COMING: 'не смогу',
};
