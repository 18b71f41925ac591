import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'acorn';
import ejs from 'ejs';
import { escape, viewEngine } from '../../src/core/views.ts';

const VIEWS = path.resolve('views');

function render(files: Record<string, string>, page: string, locals: object): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const engine = viewEngine({ cache: false });
  return new Promise((resolve, reject) => engine(path.join(dir, page), locals, (error, html) => (error ? reject(error) : resolve(html!))));
}

describe('the view engine (locals read once, without `with`)', () => {
  test("escaping gives EJS's own escapeXML, whatever the value", () => {
    const values = [null, undefined, '', 'текст без знаков', `<a href="x">'Б' & В</a>`, '&amp;', 0, -1.5, NaN, true, { toString: () => '<объект>' }, ['a', '<b>']];
    for (const value of values) assert.equal(escape(value), ejs.escapeXML(value as string), String(value));
  });

  test('a page reads its locals, globals, its own declarations, `typeof` of a missing name and `locals.x`', async () => {
    const html = await render(
      { 'page.ejs': '<% const total = rows.length; %><%= title %>:<% for (const row of rows) { %> <%= row.name %><% } %> <%= total %> <%= Math.max(...rows.map((r) => r.n)) %> <%= typeof missing %> <%= locals.title %> <%= JSON.stringify(String(undefined)) %>' },
      'page.ejs',
      { title: '<Список>', rows: [{ name: 'А', n: 2 }, { name: 'Б', n: 5 }] },
    );
    assert.equal(html, '&lt;Список&gt;: А Б 2 5 undefined &lt;Список&gt; &#34;undefined&#34;');
  });

  test('a local named like a global is the local; an include sees the page and its own data on top', async () => {
    const html = await render(
      {
        'page.ejs': '<%= name %>|<%= URL %>|<%- include("row", { name: "строка" }) %>|<%- include("row") %>',
        'row.ejs': '<%= name %>/<%= title %>',
      },
      'page.ejs',
      { name: 'страница', title: 'Т', URL: 'адрес' },
    );
    assert.equal(html, 'страница|адрес|строка/Т|страница/Т');
  });

  test('an error names the template and its line', async () => {
    await assert.rejects(render({ 'bad.ejs': 'a\n<% nothing.here %>\nb' }, 'bad.ejs', {}), (error: Error) => {
      assert.match(error.message, /bad\.ejs:2/);
      assert.match(error.message, />> 2\| <% nothing\.here %>/);
      return true;
    });
  });

  test('no template assigns to a name it did not declare (without `with` such a write would not reach the locals)', () => {
    const templates = fs.readdirSync(VIEWS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ejs'));
    assert.ok(templates.length > 100, `only ${templates.length} templates found`);
    const offenders: string[] = [];
    for (const file of templates) {
      const template = new (ejs as unknown as { Template: new (text: string, options: object) => { compile(): unknown; source: string } }).Template(
        fs.readFileSync(path.join(VIEWS, file), 'utf8'),
        { filename: file, _with: false },
      );
      template.compile();
      const declared = new Set<string>();
      const assigned = new Set<string>();
      const bind = (pattern: any): void => {
        if (!pattern) return;
        if (pattern.type === 'Identifier') declared.add(pattern.name);
        else if (pattern.type === 'ObjectPattern') pattern.properties.forEach((p: any) => bind(p.type === 'RestElement' ? p.argument : p.value));
        else if (pattern.type === 'ArrayPattern') pattern.elements.forEach(bind);
        else if (pattern.type === 'AssignmentPattern') bind(pattern.left);
        else if (pattern.type === 'RestElement') bind(pattern.argument);
      };
      const walk = (node: any): void => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'VariableDeclarator') bind(node.id);
        if (node.type === 'CatchClause') bind(node.param);
        if (/Function/.test(node.type)) {
          if (node.id) declared.add(node.id.name);
          node.params.forEach(bind);
        }
        if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') assigned.add(node.left.name);
        if (node.type === 'UpdateExpression' && node.argument.type === 'Identifier') assigned.add(node.argument.name);
        for (const value of Object.values(node)) (Array.isArray(value) ? value : [value]).forEach((child) => typeof child === 'object' && walk(child));
      };
      walk(parse(`function template(locals, escapeFn, include) {\n${template.source}\n}`, { ecmaVersion: 'latest' }));
      for (const name of assigned) if (!declared.has(name) && !name.startsWith('__')) offenders.push(`${file}: ${name}`);
    }
    assert.deepEqual(offenders, []);
  });
});
