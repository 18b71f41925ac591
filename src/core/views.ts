import fs from 'node:fs';
import path from 'node:path';
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

/**
 * The template's function as EJS generates it (`with (locals)`, `__append`, line numbers for errors), taking
 * `include` from the caller. ejs.compile returns the same code wrapped in a function that copies the locals and
 * defines its own include; EJS 7 has no option to leave those out.
 */
function compile(file: string): Template {
  const template = new EjsTemplate(fs.readFileSync(file, 'utf8'), { filename: file, compileDebug: true });
  template.compile(); // fills template.source: the body with its `with (locals)` and `__output`
  const name = JSON.stringify(file);
  const source =
    `let __line = 1, __lines = ${JSON.stringify(template.templateText)}, __filename = ${name};\n` +
    `try {\n${template.source}} catch (e) {\n  rethrow(e, __lines, __filename, __line, escapeFn);\n}\n//# sourceURL=${file}\n`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- what EJS itself does with a template's code
  const fn = new Function('locals, escapeFn, include, rethrow', source) as (locals: object, escapeFn: unknown, include: Include, rethrow: Rethrow) => string;
  return (locals, escapeFn, include) => fn(locals, escapeFn, include, rethrow);
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
 * instead of a copy. Templates read their locals the same way either way (`with (locals)`, `locals.x`).
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
    return templateOf(file)(locals, ejs.escapeXML, include);
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
