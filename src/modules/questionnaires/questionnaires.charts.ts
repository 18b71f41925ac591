import { LRUCache } from 'lru-cache';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { QuestionSummary } from './questionnaires.summary.ts';

/**
 * Server-made SVG bar charts of the results (the page embeds them with `<%-`). Plot builds the SVG
 * in a linkedom document through the DOM API: every label becomes a text node, never markup, and
 * linkedom escapes it on serialisation. The inline <style> Plot adds is dropped (the CSP forbids it;
 * app.css sizes the chart and sets its tabular figures).
 *
 * Before it leaves this module the chart is checked as a TREE, not as a string: every element and
 * attribute must be on an allow-list, no `on*` handler, no value that starts with `javascript:`. The
 * check runs on the DOM Plot built and again on the serialised SVG parsed back, whose text must be
 * exactly the text of the DOM — so an option typed as «<b>», «onclick=…», «href=…» or «javascript:» is
 * shown as those characters, and nothing it contains can become an element or an attribute.
 */

const BRAND = '#1d4f91';
const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 520;

export function chartSvg(summary: QuestionSummary, id: string): string | null {
  const { question, counts } = summary;
  if (!counts.length) return null;
  const data = counts.map((c) => ({ label: c.label, count: c.count, note: c.count ? `${c.count} (${c.percent}%)` : '0' }));
  return barChartSvg(data, { id, title: `Диаграмма: ${question.text}`, vertical: question.kind === 'SCALE', categoryLabel: 'Оценка', valueLabel: 'Ответов' });
}

/** One bar: its label (user text allowed: it only ever becomes a text node), its value, the note beside it. */
export interface BarDatum {
  label: string;
  count: number;
  note: string;
}

/**
 * A bar chart of any counts (the questionnaires' results, monitoring's indicators), built and checked as
 * above. `vertical`: columns over the labels (a scale 1–10); otherwise bars beside the labels.
 */
export function barChartSvg(
  data: BarDatum[],
  chart: { id: string; title: string; vertical?: boolean; categoryLabel?: string; valueLabel?: string },
): string | null {
  if (!data.length) return null;
  // A chart is a pure function of its numbers and words, and building it (Plot over a parsed DOM, then the
  // sanitiser) cost the monitoring page most of its CPU: the same chart is made once (bounded cache).
  const key = JSON.stringify([data, chart]);
  const cached = chartCache.get(key);
  if (cached !== undefined) return cached.svg;
  const svg = buildBarChartSvg(data, chart);
  chartCache.set(key, { svg });
  return svg;
}

/** Made charts by their numbers and words; null: a chart that could not be made (kept too). */
const chartCache = new LRUCache<string, { svg: string | null }>({ max: 500 });

function buildBarChartSvg(
  data: BarDatum[],
  chart: { id: string; title: string; vertical?: boolean; categoryLabel?: string; valueLabel?: string },
): string | null {
  const { id } = chart;
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const vertical = chart.vertical ?? false;
  // Whole numbers only on the count axis: every one up to 10, then Plot's own choice.
  const max = Math.max(...data.map((d) => d.count), 1);
  const ticks = max <= 10 ? Array.from({ length: max + 1 }, (_, i) => i) : 5;
  const options = vertical
    ? {
        width: WIDTH,
        height: 220,
        marginTop: 24,
        marginBottom: 40,
        x: { domain: data.map((d) => d.label), label: chart.categoryLabel ?? null, labelAnchor: 'center' as const, labelArrow: 'none' as const },
        y: { grid: true, label: chart.valueLabel ?? null, labelArrow: 'none' as const, ticks, tickFormat: (n: number) => (Number.isInteger(n) ? String(n) : '') },
        marks: [
          Plot.barY(data, { x: 'label', y: 'count', fill: BRAND }),
          Plot.text(data, { x: 'label', y: 'count', text: (d: BarDatum) => (d.count ? String(d.count) : ''), dy: -8, fontSize: 12 }),
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
  // Plot sets font-variant as an attribute, which SVG does not define (invalid HTML): app.css does it.
  for (const element of svg.querySelectorAll('[font-variant]')) element.removeAttribute('font-variant');
  svg.removeAttribute('class');
  svg.setAttribute('role', 'img');
  svg.setAttribute('id', id);
  svg.setAttribute('aria-labelledby', `${id}-title`);
  // In the SVG namespace: an HTML <title> would be serialised with its text unescaped.
  const title = document.createElementNS(SVG_NS, 'title');
  title.setAttribute('id', `${id}-title`);
  title.textContent = chart.title;
  svg.insertBefore(title, svg.firstChild);
  // Fail closed: the page still has the table with the same numbers.
  return safeSvg(svg as unknown as TreeNode);
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
const ALLOWED_ELEMENTS = new Set(['svg', 'g', 'title', 'text', 'tspan', 'rect', 'line', 'path']);

/** Presentation and geometry that Plot writes, plus our labelling; no href, no style, no handlers. */
const ALLOWED_ATTRIBUTES = new Set([
  'id', 'role', 'aria-labelledby', 'aria-hidden',
  'viewbox', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'dx', 'dy', 'd', 'transform',
  'fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width', 'stroke-linejoin', 'stroke-linecap', 'stroke-miterlimit', 'paint-order',
  'text-anchor', 'font-size', 'font-family', 'font-weight', 'opacity',
]);

/** The part of the DOM interface the check walks (linkedom's nodes have it, so do a browser's). */
export interface TreeNode {
  nodeType: number;
  nodeName: string;
  childNodes: ArrayLike<TreeNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
  textContent: string | null;
  outerHTML?: string;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * What is wrong with a chart's tree (empty: nothing): an element or attribute off the allow-list, an
 * `on*` handler, a value that starts with `javascript:` (browsers ignore whitespace and control
 * characters in front of a scheme, so they are ignored here too), a comment or other odd node.
 */
export function treeProblems(root: TreeNode): string[] {
  const problems: string[] = [];
  const walk = (node: TreeNode) => {
    if (node.nodeType === TEXT_NODE) return;
    if (node.nodeType !== ELEMENT_NODE) {
      problems.push(`node of type ${node.nodeType}`);
      return;
    }
    const name = node.nodeName.toLowerCase();
    if (!ALLOWED_ELEMENTS.has(name)) problems.push(`element <${name}>`);
    for (const attribute of Array.from(node.attributes ?? [])) {
      const attributeName = attribute.name.toLowerCase();
      if (attributeName.startsWith('on')) problems.push(`handler ${attributeName} on <${name}>`);
      else if (!ALLOWED_ATTRIBUTES.has(attributeName)) problems.push(`attribute ${attributeName} on <${name}>`);
      // eslint-disable-next-line no-control-regex
      if (/^javascript:/i.test(attribute.value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`javascript: in ${attributeName} on <${name}>`);
    }
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(root);
  return problems;
}

/**
 * The chart as markup, or null when its tree is not safe: the DOM is checked, serialised, parsed back
 * the way the page will be read, and checked again — the parsed text must equal the DOM's text, so no
 * label has turned into markup on the way.
 */
export function safeSvg(svg: TreeNode): string | null {
  if (svg.nodeName.toLowerCase() !== 'svg' || treeProblems(svg).length) return null;
  const markup = svg.outerHTML ?? '';
  const { document } = parseHTML(`<!doctype html><html><body>${markup}</body></html>`);
  const parsed = Array.from((document.body as unknown as TreeNode).childNodes);
  if (parsed.length !== 1 || parsed[0]!.nodeName.toLowerCase() !== 'svg') return null;
  if (treeProblems(parsed[0]!).length || parsed[0]!.textContent !== svg.textContent) return null;
  return markup;
}

/** The same check for a chart given as markup (tests, or an SVG stored elsewhere): throws when unsafe. */
export function assertSafe(svg: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  const nodes = Array.from((document.body as unknown as TreeNode).childNodes);
  const problems = nodes.length === 1 ? treeProblems(nodes[0]!) : ['not one <svg> element'];
  if (nodes[0]?.nodeName.toLowerCase() !== 'svg') problems.push('not an <svg> element');
  if (problems.length) throw new Error(`chart SVG failed the safety check: ${problems.join(', ')}`);
  return svg;
}
