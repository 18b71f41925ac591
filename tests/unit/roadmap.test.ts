import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StageContribution } from '../../src/core/dashboard.ts';
import { composeDashboard, PLANNED_ITEMS, roadmapStages } from '../../src/modules/roadmap/index.ts';

describe('the composed dashboard', () => {
  const stages = roadmapStages();
  const figure = { count: 1, href: '/pairs', permission: 'pairs:read' as const };

  test('a stage is done only when every item is; a stage without items is not done', () => {
    const cards = composeDashboard(stages, [
      { stage: 2, items: [{ key: 'a', text: 'А', done: true }, { key: 'b', text: 'Б', done: true, figure }] },
      { stage: 3, items: [{ key: 'c', text: 'В', done: true }] },
      { stage: 3, items: [{ key: 'd', text: 'Г', done: false }], actions: [{ href: '/x', label: 'Сделать', permission: 'banks:manage' }] },
    ]);
    assert.equal(cards.length, 7);
    assert.equal(cards[1]!.done, true);
    assert.equal(cards[2]!.done, false, 'one item not done');
    assert.deepEqual(cards[2]!.items.map((i) => i.key), ['c', 'd'], 'items in the order the modules contributed them');
    assert.deepEqual(cards[2]!.actions.map((a) => a.label), ['Сделать']);
    assert.deepEqual(cards[1]!.items[1]!.figure, figure);
  });

  test('a part of a stage no module covers is a «not yet» item — until a module contributes an item with its key', () => {
    const contributions: StageContribution[] = [{ stage: 1, items: [{ key: 'regulation', text: 'Положение утверждено', done: true }] }];
    const before = composeDashboard(stages, contributions)[0]!;
    assert.deepEqual(before.items.map((i) => [i.key, i.done, i.pending ?? false]), [['regulation', true, false], ['programmes', false, true]]);
    assert.equal(before.done, false, 'programmes are part of stage 1');

    // The programmes module arrives and contributes its item through its face.
    const after = composeDashboard(stages, [...contributions, { stage: 1, items: [{ key: 'programmes', text: 'Программы: 3 из 3', done: true }] }])[0]!;
    assert.deepEqual(after.items.map((i) => i.key), ['regulation', 'programmes']);
    assert.equal(after.done, true);
    assert.ok(PLANNED_ITEMS[7]!.length > 0);
    assert.equal(composeDashboard(stages, [])[6]!.done, false, 'stage 7 waits for its module');
  });
});
