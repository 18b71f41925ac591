/**
 * The plain-text shapes an order is typed in (no JS, just textareas): the points one per line, and the
 * appendices in a small markup shared by the page and the printed document. See CONTEXT.md.
 */

/** One line, one point; empty lines dropped; a typed «1.» or «2)» is dropped too — the document numbers them. */
export function pointsFromText(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim().replace(/^\d{1,3}\s*[.)]\s+/, '').trim())
    .filter(Boolean);
}

export function pointsToText(points: string[]): string {
  return points.join('\n');
}

export type AppendixBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] };

const cellsOf = (line: string) =>
  line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim().replace(/\s*<br\s*\/?>\s*/gi, '\n'));

/**
 * The appendix markup: every non-empty line is a paragraph; «## …» is a sub-heading; consecutive lines
 * «| … | … |» are a table whose first line is the header («|---|» lines are skipped); «<br>» inside a
 * cell breaks the line. Nothing else is interpreted: the text is printed as typed.
 */
export function parseAppendix(text: string): AppendixBlock[] {
  const blocks: AppendixBlock[] = [];
  let table: { header: string[]; rows: string[][] } | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('|')) {
      if (/^\|[\s:|-]+\|?$/.test(line) && line.includes('-')) continue;
      const cells = cellsOf(line);
      if (!table) {
        table = { header: cells, rows: [] };
        blocks.push({ kind: 'table', ...table });
      } else {
        table.rows.push(cells);
      }
      continue;
    }
    table = null;
    if (!line) continue;
    const heading = /^#{1,3}\s+(.+)$/.exec(line);
    blocks.push(heading ? { kind: 'heading', text: heading[1]!.trim() } : { kind: 'paragraph', text: line });
  }
  return blocks;
}

/** {{organization.shortName}} → the value; unknown placeholders stay visible for the methodist to fix. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}
