import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { QuestionSummary } from './questionnaires.summary.ts';

/**
 * Server-made SVG bar charts of the results (the page embeds them with `<%-`). Plot builds the SVG
 * in a linkedom document; every label reaches the markup as a DOM text node or attribute, which
 * linkedom escapes on serialisation. The inline <style> Plot adds is dropped (the CSP forbids it;
 * app.css sizes the chart) and the result is checked once more before it leaves this module.
 */

const BRAND = '#1d4f91';
const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 520;

export function chartSvg(summary: QuestionSummary, id: string): string | null {
  const { question, counts } = summary;
  if (!counts.length) return null;
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const data = counts.map((c) => ({ label: c.label, count: c.count, note: c.count ? `${c.count} (${c.percent}%)` : '0' }));
  const vertical = question.kind === 'SCALE';
  // Whole numbers only on the count axis: every one up to 10, then Plot's own choice.
  const max = Math.max(...data.map((d) => d.count), 1);
  const ticks = max <= 10 ? Array.from({ length: max + 1 }, (_, i) => i) : 5;
  const options = vertical
    ? {
        width: WIDTH,
        height: 220,
        marginTop: 24,
        marginBottom: 40,
        x: { domain: data.map((d) => d.label), label: 'Оценка', labelAnchor: 'center' as const, labelArrow: 'none' as const },
        y: { grid: true, label: 'Ответов', labelArrow: 'none' as const, ticks, tickFormat: (n: number) => (Number.isInteger(n) ? String(n) : '') },
        marks: [
          Plot.barY(data, { x: 'label', y: 'count', fill: BRAND }),
          Plot.text(data, { x: 'label', y: 'count', text: (d: (typeof data)[number]) => (d.count ? String(d.count) : ''), dy: -8, fontSize: 12 }),
          Plot.ruleY([0]),
        ],
      }
    : {
        width: WIDTH,
        height: 30 + data.length * 30,
        marginLeft: 210,
        marginRight: 72,
        marginTop: 10,
        marginBottom: 30,
        x: { grid: true, label: null, ticks, tickFormat: (n: number) => (Number.isInteger(n) ? String(n) : '') },
        y: { domain: data.map((d) => d.label), label: null },
        marks: [
          // Long option labels are cut with «…» to fit the margin; the table below has them in full.
          Plot.axisY({ fontSize: 12, lineWidth: 14, textOverflow: 'ellipsis' as const, tickSize: 0 }),
          Plot.barX(data, { y: 'label', x: 'count', fill: BRAND }),
          Plot.text(data, { y: 'label', x: 'count', text: 'note', dx: 6, textAnchor: 'start' as const, fontSize: 12 }),
          Plot.ruleX([0]),
        ],
      };
  // The types of Plot name DOM classes this Node project does not load; linkedom's document does the job.
  const svg = Plot.plot({ ...options, document } as Plot.PlotOptions) as unknown as LinkedElement;
  if (svg.tagName.toLowerCase() !== 'svg') return null;
  for (const style of svg.querySelectorAll('style')) style.remove();
  // Plot names its layers («bar», «x-axis tick»); inside role="img" those names are noise (and invalid on <g>).
  for (const layer of svg.querySelectorAll('[aria-label], [aria-description]')) {
    layer.removeAttribute('aria-label');
    layer.removeAttribute('aria-description');
  }
  svg.removeAttribute('class');
  svg.setAttribute('role', 'img');
  svg.setAttribute('id', id);
  svg.setAttribute('aria-labelledby', `${id}-title`);
  // In the SVG namespace: an HTML <title> would be serialised with its text unescaped.
  const title = document.createElementNS(SVG_NS, 'title');
  title.setAttribute('id', `${id}-title`);
  title.textContent = `Диаграмма: ${question.text}`;
  svg.insertBefore(title, svg.firstChild);
  try {
    return assertSafe(svg.outerHTML);
  } catch {
    // Fail closed: the page still has the table with the same numbers.
    return null;
  }
}

interface LinkedElement {
  tagName: string;
  outerHTML: string;
  firstChild: unknown;
  querySelectorAll(selector: string): Iterable<{ remove(): void; removeAttribute(name: string): void }>;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  insertBefore(node: unknown, before: unknown): void;
}


/** The only elements a bar chart needs; anything else means markup got in from a label. */
const ALLOWED_TAGS = new Set(['svg', 'g', 'title', 'text', 'tspan', 'rect', 'line', 'path']);

/** The SVG must hold nothing that runs or loads: only known elements, no handlers, no links. */
export function assertSafe(svg: string): string {
  const tags = [...svg.matchAll(/<\/?\s*([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase());
  if (tags.some((t) => !ALLOWED_TAGS.has(t)) || /\son[a-z]+\s*=|href\s*=|javascript:/i.test(svg)) {
    throw new Error('chart SVG failed the safety check');
  }
  return svg;
}
