/**
 * The pure parts of the events module: the mentors' training rule (banks.rules.ts, fed by attendance at set-up
 * sessions), the organization's clock both ways (events.time.ts) — a zone without DST, one east of Moscow and one
 * with DST changes — and the school year's span.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REQUIRED_SETUP_SESSIONS, trainingStatusOf } from '../../src/modules/banks/index.ts';
import { dayMoments, durationText, momentInZone, schoolYearMoments, wallClock, zoneOffsetMinutes } from '../../src/modules/events/events.time.ts';
import { EventsQuery, parseEventsQuery } from '../../src/modules/events/events.schemas.ts';

describe('the training rule', () => {
  test('none → не обучен; fewer than required → проходит обучение; the required number or more → прошёл', () => {
    assert.equal(REQUIRED_SETUP_SESSIONS, 2);
    assert.equal(trainingStatusOf(0), 'NOT_TRAINED');
    assert.equal(trainingStatusOf(1), 'IN_TRAINING');
    assert.equal(trainingStatusOf(REQUIRED_SETUP_SESSIONS), 'TRAINED');
    assert.equal(trainingStatusOf(REQUIRED_SETUP_SESSIONS + 3), 'TRAINED');
  });
});

describe('the organization\'s clock', () => {
  test('Moscow (UTC+3 all year): 10:00 is 07:00 UTC, and back', () => {
    const moment = momentInZone('2026-12-01', '10:00', 'Europe/Moscow');
    assert.equal(moment.toISOString(), '2026-12-01T07:00:00.000Z');
    assert.deepEqual(wallClock(moment, 'Europe/Moscow'), { date: '2026-12-01', time: '10:00', local: '2026-12-01T10:00:00' });
    assert.equal(zoneOffsetMinutes(moment, 'Europe/Moscow'), 180);
  });

  test('Yekaterinburg (UTC+5): an early start is the previous day in UTC', () => {
    const moment = momentInZone('2027-03-16', '03:30', 'Asia/Yekaterinburg');
    assert.equal(moment.toISOString(), '2027-03-15T22:30:00.000Z');
    assert.equal(wallClock(moment, 'Asia/Yekaterinburg').date, '2027-03-16');
  });

  test('a zone with DST: the offset of the day itself, on both sides of the change', () => {
    assert.equal(momentInZone('2027-03-27', '12:00', 'Europe/Berlin').toISOString(), '2027-03-27T11:00:00.000Z');
    assert.equal(momentInZone('2027-03-29', '12:00', 'Europe/Berlin').toISOString(), '2027-03-29T10:00:00.000Z');
  });

  test('a school year runs from 1 September to the next 1 September on the organization\'s calendar', () => {
    const { from, to } = schoolYearMoments(2026, 'Europe/Moscow');
    assert.equal(from.toISOString(), '2026-08-31T21:00:00.000Z');
    assert.equal(to.toISOString(), '2027-08-31T21:00:00.000Z');
    const days = dayMoments('2026-11-01', '2026-11-30', 'Europe/Moscow');
    assert.equal(days.to.toISOString(), '2026-11-30T21:00:00.000Z', 'the last day is included');
  });

  test('durations read as people say them', () => {
    assert.equal(durationText(90), '1 ч 30 мин');
    assert.equal(durationText(45), '45 мин');
    assert.equal(durationText(120), '2 ч');
    assert.equal(durationText(0), '0 мин');
  });

  test('a day span asked again is the same moments, and a caller changing its copy changes nothing', () => {
    const first = dayMoments('2026-12-01', '2026-12-01', 'Asia/Yekaterinburg');
    first.from.setTime(0);
    const again = dayMoments('2026-12-01', '2026-12-01', 'Asia/Yekaterinburg');
    assert.equal(again.from.toISOString(), '2026-11-30T19:00:00.000Z');
    assert.equal(again.to.toISOString(), '2026-12-01T19:00:00.000Z');
  });
});

describe('the calendar\'s query', () => {
  test('without a query: what EventsQuery gives for none, the same frozen answer each time; with one, the schema\'s own parse', () => {
    const none = parseEventsQuery({});
    assert.deepEqual(none, EventsQuery.parse({}));
    assert.equal(parseEventsQuery({}), none);
    assert.ok(Object.isFrozen(none) && Object.isFrozen(none.kind) && Object.isFrozen(none.status));
    const query = { view: 'month', month: '2026-12', kind: 'SEMINAR,ROUND_TABLE', status: 'HELD', year: '2026', mine: '1', page: '2' };
    assert.deepEqual(parseEventsQuery(query), EventsQuery.parse(query));
    assert.deepEqual(parseEventsQuery(query), { view: 'month', month: '2026-12', kind: ['SEMINAR', 'ROUND_TABLE'], status: ['HELD'], year: 2026, mine: true, page: 2 });
  });
});
