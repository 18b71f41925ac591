/**
 * Reading the composed dashboard and the list pages its figures link to: a figure is `data-figure="N"` on a
 * link (or a plain span for those who may not open the list), a list page says its total as `data-total`.
 */
import assert from 'node:assert/strict';
import type { Agent } from './app.ts';

export interface Figure {
  /** The item's key (`data-item`). */
  item: string;
  count: number;
  /** The list it links to; null when shown without a link. */
  href: string | null;
}

/** Every figure of the dashboard's stage cards, in order. */
export function figuresOf(html: string): Figure[] {
  const figures: Figure[] = [];
  for (const [, item, body] of html.matchAll(/<li class="checklist__item[^"]*" data-item="([^"]+)">((?:(?!<\/li>)[\s\S])*)<\/li>/g)) {
    const link = /<a href="([^"]+)" data-figure="(\d+)">/.exec(body!);
    const plain = /<span data-figure="(\d+)">/.exec(body!);
    if (link) figures.push({ item: item!, count: Number(link[2]), href: link[1]!.replace(/&amp;/g, '&') });
    else if (plain) figures.push({ item: item!, count: Number(plain[1]), href: null });
  }
  return figures;
}

/** The figure of one item (by its key); fails if the dashboard has none. */
export function figureOf(html: string, item: string): Figure {
  const figure = figuresOf(html).find((f) => f.item === item);
  assert.ok(figure, `the dashboard has no figure «${item}»`);
  return figure;
}

/**
 * The total a list page says: the element with the id of the href's fragment, or — without a fragment — the
 * page's only `data-total`.
 */
export function totalOf(html: string, fragment: string | null): number {
  if (fragment) {
    const element = new RegExp(`<[a-z]+[^>]*\\bid="${fragment}"[^>]*>`).exec(html)?.[0] ?? '';
    const total = /data-total="(\d+)"/.exec(element);
    assert.ok(total, `no data-total on #${fragment}`);
    return Number(total[1]);
  }
  const totals = [...html.matchAll(/data-total="(\d+)"/g)];
  assert.equal(totals.length, 1, 'a list page without a fragment says exactly one total');
  return Number(totals[0]![1]);
}

/** Opens the list a figure links to and returns its total. */
export async function listTotal(agent: Agent, href: string): Promise<number> {
  const [path, fragment] = href.split('#');
  const res = await agent.get(path!);
  assert.equal(res.status, 200, `${href}: ${res.status}`);
  return totalOf(res.text, fragment ?? null);
}

/** Every figure of the agent's dashboard equals the total of the list it links to; returns the figures. */
export async function assertFiguresMatchLists(agent: Agent, who: string): Promise<Figure[]> {
  const home = await agent.get('/');
  assert.equal(home.status, 200);
  const figures = figuresOf(home.text);
  assert.ok(figures.length > 0, `${who}: the dashboard shows figures`);
  for (const figure of figures) {
    assert.ok(figure.href, `${who}: «${figure.item}» links to its list`);
    assert.equal(await listTotal(agent, figure.href), figure.count, `${who}: «${figure.item}» = ${figure.count}, its list ${figure.href}`);
  }
  return figures;
}
