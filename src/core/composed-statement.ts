/**
 * One statement of many modules' one-row SELECTs — `SELECT (SELECT to_json(f) FROM (<part>) f) AS "<name>", …` —
 * as the dashboard (core/dashboard.ts) and the to-do home (core/todo.ts) send their contributors' rows.
 */
import { LRUCache } from 'lru-cache';
import { Prisma as Sql } from '../generated/prisma/client.ts';

/**
 * The statement's text as composed before for the same names and parts' texts, kept per owner (the contributor
 * list; a few shapes each: which optional parts a contributor's SQL has, which contributors ask at all). Composing
 * it anew each time — wrapping every part, joining them, writing the `$n` text of thousands of characters and
 * comparing it with the named texts — was most of the page's own SQL work; now a request compares each part's
 * literal pieces with the shape's (the same template's pieces are the same strings) and only collects the values,
 * in the same order. The kept text is the same string object, so pg's check of a named statement compares a pointer.
 */
const composedShapes = new WeakMap<object, Shape[]>();
const MAX_SHAPES = 16;

interface Shape {
  names: readonly string[];
  /** The alongside expression's literal pieces (null: none): its text may vary like a part's. */
  alongside: readonly string[] | null;
  parts: (readonly string[])[];
  strings: readonly string[];
  text: string;
}

/** A composed statement whose text is kept: the text getter of Prisma's Sql writes it anew from the pieces each time. */
class ComposedSql extends Sql.Sql {
  readonly #text: string;
  constructor(strings: readonly string[], values: unknown[], text: string) {
    super(strings, values as ConstructorParameters<typeof Sql.Sql>[1]);
    this.#text = text;
  }
  override get text(): string {
    return this.#text;
  }
}

/**
 * Each part's one row as JSON in the column `names[i]`, and the caller's own expression (if any) as `alongside`.
 * `owner` keys the kept shapes: a constant of the caller's (its contributor list), never made per request.
 */
export function composedStatement(owner: object, names: readonly string[], parts: readonly Sql.Sql[], alongside: Sql.Sql | null): Sql.Sql {
  let shapes = composedShapes.get(owner);
  if (!shapes) composedShapes.set(owner, (shapes = []));
  let shape = shapes.find(
    (s) =>
      (s.alongside === null ? alongside === null : alongside !== null && sameStrings(s.alongside, alongside.strings)) &&
      sameStrings(s.names, names) &&
      s.parts.length === parts.length &&
      s.parts.every((strings, i) => sameStrings(strings, parts[i]!.strings)),
  );
  if (!shape) {
    const columns = parts.map((part, i) => Sql.sql`(SELECT to_json(f) FROM (${part}) f) AS ${Sql.raw(`"${names[i]}"`)}`);
    if (alongside) columns.push(Sql.sql`${alongside} AS alongside`);
    const composed = Sql.sql`SELECT ${Sql.join(columns)}`;
    shape = { names: names.slice(), alongside: alongside?.strings ?? null, parts: parts.map((part) => part.strings), strings: composed.strings, text: composed.text };
    if (shapes.length >= MAX_SHAPES) shapes.shift();
    shapes.push(shape);
  }
  const values: unknown[] = [];
  for (const part of parts) for (const value of part.values) values.push(value);
  if (alongside) for (const value of alongside.values) values.push(value);
  return new ComposedSql(shape.strings, values, shape.text);
}

/**
 * Statements composed elsewhere (a module's own), each given the text of the first one of its literal pieces: the
 * same template composed again has equal pieces, and the kept text is one string object for every statement of the
 * shape (see above). At most `max` shapes are kept, the oldest dropped first.
 */
export class KeptShapes {
  readonly #shapes: { strings: readonly string[]; text: string }[] = [];
  constructor(readonly max: number) {}

  kept(composed: Sql.Sql): Sql.Sql {
    let shape = this.#shapes.find((s) => sameStrings(s.strings, composed.strings));
    if (!shape) {
      if (this.#shapes.length >= this.max) this.#shapes.shift();
      this.#shapes.push((shape = { strings: composed.strings, text: composed.text }));
    }
    return new ComposedSql(shape.strings, composed.values, shape.text);
  }
}

/**
 * Whole statements kept under a key that names everything they are made of (the organization, the filter, the page…),
 * their texts shared per shape (KeptShapes): a page whose statement is a function of a few values composes it once
 * for those values, not on every request. Bounded: the least recently used go first.
 */
export class KeptStatements {
  readonly #statements: LRUCache<string, Sql.Sql>;
  readonly #shapes: KeptShapes;
  constructor(max: number, maxShapes: number) {
    this.#statements = new LRUCache({ max });
    this.#shapes = new KeptShapes(maxShapes);
  }

  kept(key: string, compose: () => Sql.Sql): Sql.Sql {
    let statement = this.#statements.get(key);
    if (!statement) this.#statements.set(key, (statement = this.#shapes.kept(compose())));
    return statement;
  }
}

/**
 * A contributor of such a statement: a function asked on its own (no part), or one whose `figures` is its part —
 * null: nothing to ask for this request (the to-do home's contributors, per person).
 */
type Contributor<S> = ((scope: S) => unknown) | { figures(scope: S): Sql.Sql | null };

/**
 * The one statement of a contributor list for this request: each composable contributor's part under its index in
 * the list (the column its caller reads back), the caller's own expression as `alongside`; null when there is
 * nothing to ask. The dashboard (`gather`) and the to-do home (`collectTodo`) both build theirs here.
 */
export function contributorsStatement<S>(scope: S, contributors: readonly Contributor<S>[], alongside: Sql.Sql | null): Sql.Sql | null {
  const names: string[] = [];
  const parts: Sql.Sql[] = [];
  for (let i = 0; i < contributors.length; i++) {
    const c = contributors[i]!;
    const part = typeof c === 'function' ? null : c.figures(scope);
    if (!part) continue;
    names.push(String(i));
    parts.push(part);
  }
  return parts.length || alongside ? composedStatement(contributors, names, parts, alongside) : null;
}

/** The same literal pieces, piece by piece (a template composed again has equal pieces). */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
