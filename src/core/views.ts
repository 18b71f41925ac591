import fs from 'node:fs';
import path from 'node:path';
import { tokenizer, tokTypes } from 'acorn';
import ejs from 'ejs';

type Include = (name: string, data?: object) => string;
type Template = (locals: object, escapeFn: (text: unknown) => string, include: Include) => string;
type Callback = (error: Error | null, html?: string) => void;
type Rethrow = (error: Error, lines: string, filename: string, line: number, escapeFn: (text: unknown) => string) => never;

/** EJS's own Template, for the generated code (ejs.compile would wrap it in its copying `include`). */
const EjsTemplate = (ejs as unknown as { Template: new (text: string, options: object) => { compile(): unknown; source: string; templateText: string } }).Template;

/** An error inside a template names the file and line with the lines around it, as EJS says it. */
const rethrow: Rethrow = (error, text, filename, line) => {
  const lines = text.split('\n');
  const start = Math.max(line - 3, 0);
  const context = lines
    .slice(start, Math.min(lines.length, line + 3))
    .map((l, i) => `${i + start + 1 === line ? ' >> ' : '    '}${i + start + 1}| ${l}`)
    .join('\n');
  Object.assign(error, { path: filename });
  error.message = `${filename}:${line}\n${context}\n\n${error.message}`;
  throw error;
};

/** Names a template's code uses that are not the page's locals: its engine's own and what the language gives. */
const NOT_LOCALS = new Set(['locals', 'escapeFn', 'include', 'rethrow', '__output', '__append', '__line', '__lines', '__filename', 'arguments', 'let', 'of', 'async', 'await', 'yield', 'static', 'get', 'set', 'undefined', 'NaN', 'Infinity', 'eval']);

/**
 * The names a template's code may take from its locals: every identifier that is not a property (after `.` or
 * `?.`) and not the engine's own. Names the template declares itself are among them too — harmless: its own
 * `const`/`let` inside the body shadows the outer `var`.
 */
function localNamesOf(source: string): string[] {
  const names = new Set<string>();
  let previous: unknown = null;
  for (const token of tokenizer(source, { ecmaVersion: 'latest' })) {
    if (token.type === tokTypes.name && previous !== tokTypes.dot && previous !== tokTypes.questionDot) {
      const name = source.slice(token.start, token.end);
      if (!NOT_LOCALS.has(name)) names.add(name);
    }
    previous = token.type;
  }
  return [...names];
}

/** `var { title, rows, Math = globalThis.Math } = locals;`: a local of the page first, as `with` found it, else a global. */
function readLocals(names: string[]): string {
  if (!names.length) return '';
  const bindings = names.map((name) => (name in globalThis ? `${name} = globalThis.${name}` : name));
  return `var { ${bindings.join(', ')} } = locals;\n`;
}

/**
 * The template's function as EJS generates it (`__append`, line numbers for errors), taking `include` from the
 * caller. ejs.compile returns the same code wrapped in a function that copies the locals and defines its own
 * include; EJS 7 has no option to leave those out.
 *
 * Without EJS's `with (locals)`: inside `with` every identifier of the code — `__append`, `escapeFn`, `__line` on
 * every line as much as a page's own names — is first looked up on the locals object and its prototype chain (an
 * include's data on top of the page's locals), at run time, each time; that was a third of a list's render. The
 * page's names are read from the locals once, at the top, into plain variables (`var { title, rows… } = locals`),
 * and the code reads them as fast as its own. What the template reads is the same: a name the locals lack is
 * `undefined` (`typeof x` still works), `locals.x` still reads the object. Templates do not assign to a page's
 * name (there is nothing to write it back to an include): a test reads every template for that.
 */
function compile(file: string): Template {
  const template = new EjsTemplate(fs.readFileSync(file, 'utf8'), { filename: file, compileDebug: true, _with: false });
  template.compile(); // fills template.source: the body with `__output` and `__append`
  const name = JSON.stringify(file);
  const source =
    `let __line = 1, __lines = ${JSON.stringify(template.templateText)}, __filename = ${name};\n` +
    readLocals(localNamesOf(template.source)) +
    `try {\n${template.source}} catch (e) {\n  rethrow(e, __lines, __filename, __line, escapeFn);\n}\n//# sourceURL=${file}\n`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- what EJS itself does with a template's code
  const fn = new Function('locals, escapeFn, include, rethrow', source) as (locals: object, escapeFn: unknown, include: Include, rethrow: Rethrow) => string;
  return (locals, escapeFn, include) => fn(locals, escapeFn, include, rethrow);
}

/** What EJS's escaping would change: a text without any of these comes back as it is. */
const NEEDS_ESCAPING = /[&<>'"]/;

/**
 * EJS's escaping (`<%= %>`), asked only of a text that needs it. EJS's own runs a global replace with a callback on
 * every value, a runtime call each even when nothing matches; a page's values rarely hold one of the five characters
 * (7 of the dashboard's 393) and a number never does: half of the dashboard's render was that (80 → 40 µs CPU).
 */
export function escape(value: unknown): string {
  if (typeof value === 'number') return String(value);
  const text = value == null ? '' : String(value);
  return NEEDS_ESCAPING.test(text) ? ejs.escapeXML(text) : text;
}

/**
 * The EJS view engine of the portal: the same templates and the same EJS compiler, with a cheaper `include`.
 *
 * EJS's own include (ejs.renderFile, which Express uses by default) asks the file system whether the file
 * exists (`fs.existsSync`) and copies every local of the page into a new object, twice, on EVERY call — even
 * with the view cache on. A page includes its layout, its partials and, in lists, a partial per row (a progress
 * bar, a CSRF field), and the locals of a page are dozens of entries (the user, the menu, the formatters, the
 * labels…): issue 13's profile of a list found that copying among the main costs of rendering. Here an include
 * is resolved against the including file once (a path, no file-system call), compiled once when `cache` is on
 * (production: every template is read and compiled once per process; in development on every render, so
 * edits show at once), and sees the page's locals through the prototype chain — the include's own data on top —
 * instead of a copy.
 */
export function viewEngine(options: { cache: boolean }): (file: string, locals: object, callback: Callback) => void {
  const templates = new Map<string, Template>();
  const resolved = new Map<string, string>();

  const templateOf = (file: string): Template => {
    let template = options.cache ? templates.get(file) : undefined;
    if (!template) {
      template = compile(file);
      if (options.cache) templates.set(file, template);
    }
    return template;
  };

  /** `include('../partials/field')` from views/pairs/index.ejs → views/partials/field.ejs (as EJS resolves it). */
  const resolve = (from: string, name: string): string => {
    const key = `${from}\0${name}`;
    let file = resolved.get(key);
    if (file === undefined) {
      file = path.resolve(path.dirname(from), name);
      if (!path.extname(file)) file += '.ejs';
      resolved.set(key, file);
    }
    return file;
  };

  const render = (file: string, locals: object): string => {
    const include: Include = (name, data) => render(resolve(file, name), data ? Object.assign(Object.create(locals) as object, data) : locals);
    return templateOf(file)(locals, escape, include);
  };

  return (file, locals, callback) => {
    let html: string;
    try {
      html = render(file, locals);
    } catch (error) {
      return callback(error as Error);
    }
    callback(null, html);
  };
}
