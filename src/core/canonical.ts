/**
 * The one canonical serialisation of a signed document's content, and its SHA-256. A signed order keeps its
 * content as JSON (`Order.frozen`, a jsonb column); jsonb hands the keys back in its own order and forgets the
 * spacing, so the hash is never taken of the stored text but of this serialisation, which gives the same
 * bytes for the same content however it was stored or read:
 *
 * - the JSON Canonicalization Scheme (RFC 8785) restricted to what our documents hold — objects, arrays,
 *   strings, integers, booleans and null: object keys sorted by their UTF-16 code units, no whitespace,
 *   strings and numbers written as ECMAScript's JSON.stringify writes them;
 * - a key whose value is `undefined` is left out (as JSON.stringify does); any other value (a fraction, NaN,
 *   a Date, a bigint) is refused: it would not survive the round trip through jsonb unchanged;
 * - the hash is SHA-256 of the UTF-8 bytes, written as 64 lowercase hexadecimal digits.
 *
 * Anyone can check a copy without the portal: `canonicalJson` is the whole rule (e.g. in Python,
 * `json.dumps(value, ensure_ascii=False, separators=(',', ':'), sort_keys=True)` gives the same bytes for this
 * value set, as long as no key sorts differently by code points than by UTF-16 units — ours are ASCII).
 */
import crypto from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: only whole numbers are allowed, got ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) throw new TypeError('canonicalJson: only plain objects are allowed');
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        // Default sort compares UTF-16 code units, as RFC 8785 asks.
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} cannot be part of a signed document`);
  }
}

/** SHA-256 of the canonical serialisation, lowercase hex: what a stamp and /verify quote. */
export function canonicalSha256(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
