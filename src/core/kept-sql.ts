/**
 * A module's statement built once per shape: its text depends only on a few choices (which lists this person is
 * asked for), its values change with every request. Written as usual — a `Sql.sql` template composing the rules'
 * SQL twins — but run once per choice with stand-ins for the values; a request then only puts its values where the
 * stand-ins were. Building the template anew on every request made Prisma's Sql flatten every nested fragment again
 * (new arrays, and each joined piece a new string that the composed statement then compared character by character
 * with its kept text, core/composed-statement.ts): the to-do home's largest JavaScript work of its own.
 */
import { Prisma as Sql } from '../generated/prisma/client.ts';

/** Where a request's value goes: its name among the values. */
class Slot {
  constructor(readonly name: string) {}
  /** A template that computes with a value (`until = today + 7`) cannot be kept: fail at its first build. */
  [Symbol.toPrimitive](): never {
    throw new TypeError(`keptSql: the value «${this.name}» is used in JavaScript, not only placed in the SQL`);
  }
}

interface Shape {
  strings: readonly string[];
  /** Per value: the request's value of that name, or (null) the template's own constant in `fixed`. */
  slots: (string | null)[];
  fixed: unknown[];
}

/**
 * `build(choice, values)` once per choice, with stand-ins for `values`; the returned function gives the
 * statement of a choice with this request's values. `values` may only be placed in the SQL (`${values.x}`,
 * or passed on to a twin that places them): computing with one throws at the first build. The choices are a
 * few fixed ones (flags of what to ask), so every shape is kept.
 */
export function keptSql<Choice extends string | number | boolean, Values extends Record<string, unknown>>(
  build: (choice: Choice, values: Values) => Sql.Sql,
): (choice: Choice, values: Values) => Sql.Sql {
  const shapes = new Map<Choice, Shape>();
  const standIns = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as Values;
  return (choice, values) => {
    let shape = shapes.get(choice);
    if (!shape) {
      const sql = build(choice, standIns);
      shape = { strings: sql.strings, slots: sql.values.map((v) => (v instanceof Slot ? v.name : null)), fixed: sql.values };
      shapes.set(choice, shape);
    }
    const slots = shape.slots;
    const out: unknown[] = new Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const name = slots[i]!;
      out[i] = name === null ? shape.fixed[i] : values[name];
    }
    // No nested Sql among the values: the constructor only copies the same piece strings.
    return new Sql.Sql(shape.strings, out as ConstructorParameters<typeof Sql.Sql>[1]);
  };
}
