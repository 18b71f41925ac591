/**
 * The events module's face (stages 4 and 6: training and events). It owns Event, EventInvitation and
 * CalendarFeed, and the event files (Attachment purposes EVENT_MATERIAL, EVENT_MINUTES, EVENT_PHOTO). Who is a
 * mentor, a mentee or a pair member comes in from the composition root (AudienceSources); what happens here goes
 * out as events: event.invited / changed / cancelled (notifications) and event.attendance_marked (the banks
 * derive the mentors' training status from `setupSessionsAttended`). News names an event through
 * events.news.ts (choices, the check, the linked event's words and its open state, the kind → stage mapping).
 */
export { calendarFeedRouter, eventsRouter } from './events.routes.ts';
export { eventsDashboard, heldListHref } from './events.dashboard.ts';
export { eventsTodo } from './events.todo.ts';
export { addEventFile, EVENT_FILE_RULES, type EventFilePurpose } from './events.files.ts';
export { calendarFeedPath, calendarFeedToken, calendarOfToken, resetCalendarFeed } from './events.calendar.ts';
export {
  createEvent,
  markAttendance,
  replyToEvent,
  setupSessionsAttended,
  upcomingPublicEvents,
  type AudienceSources,
} from './events.service.ts';
export { attendedAnyEventSql } from './events.sql.ts';
export { checkEventForNews, EVENT_KIND_STAGE, eventChoicesForNews, linkedEvent, linkedEvents, stageOfEventKind, type LinkedEvent } from './events.news.ts';
export { EVENT_KIND_LABELS, EVENT_STATUS_LABELS } from './events.labels.ts';
export { momentInZone, wallClock } from './events.time.ts';
