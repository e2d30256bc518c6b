import nunjucks from 'nunjucks';
import { installTemplateRuntime } from 'src/common/template-runtime';

/** Templates that use what the replaced helpers do: loops, set, macros (imported, with caller and keywords), methods. */
const TEMPLATES: Record<string, string> = {
  'macros.njk': `{% macro badge(text, kind='info') %}<b class="{{ kind }}">{{ text }}</b>{% endmacro %}
{% macro box(title) %}<section><h2>{{ title }}</h2>{{ caller() }}</section>{% endmacro %}`,
  'page.njk': `{% import "macros.njk" as m %}{% from "macros.njk" import badge %}
{% set total = 0 %}
{% for row in rows %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.length }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}
{% for cell in row %}[{{ loop.index }} of {{ loop.length }}: {{ cell }}]{% set total = total + cell %}{% endfor %}
{% endfor %}
total {{ total }}
{{ m.badge("eins") }}{{ m.badge("zwei", kind="warn") }}{{ badge(text="drei") }}
{% call m.box("Kasten") %}{{ m.badge(greeter.greet("Rat")) }}{% endcall %}
{{ "Tagesordnung".startsWith("Tages") }} {{ "a-b-c".split("-") | join("+") }} {{ greeter.name }} {{ nothing.at.all }}
{% set deep = { "a": { "b": 2 } } %}{{ deep.a.b }}`,
};

function environment(): nunjucks.Environment {
  const loader = {
    getSource: (name: string) => ({ src: TEMPLATES[name], path: name, noCache: true }),
  } as unknown as nunjucks.ILoader;
  return new nunjucks.Environment(loader, { autoescape: true, trimBlocks: true, lstripBlocks: true });
}

const CONTEXT = {
  rows: [[1, 2], [3], [4, 5, 6]],
  greeter: {
    name: 'Gemeinde',
    greet(this: { name: string }, whom: string) {
      return `${whom} der ${this.name}`;
    },
  },
};

describe('the template runtime helpers', () => {
  it('render every template exactly as Nunjucks’ own helpers do', () => {
    const before = environment().render('page.njk', CONTEXT);
    installTemplateRuntime();
    const after = environment().render('page.njk', CONTEXT);

    expect(after).toBe(before);
    // The template really went through loops, macros and methods.
    expect(after).toContain('1/0/3/2/3F');
    expect(after).toContain('3/2/1/0/3L');
    expect(after).toContain('[3 of 3: 6]');
    expect(after).toContain('<b class="warn">zwei</b>');
    expect(after).toContain('<b class="info">drei</b>');
    expect(after).toContain('<section><h2>Kasten</h2><b class="info">Rat der Gemeinde</b></section>');
    expect(after).toContain('true a+b+c Gemeinde');
    expect(after).toMatch(/\n2$/);
  });

  it('call a method on its object, looked up when it is called', () => {
    installTemplateRuntime();
    const counter = {
      count: 0,
      next(this: { count: number }) {
        this.count += 1;
        return this.count;
      },
    };
    expect(environment().renderString('{{ c.next() }}{{ c.next() }}{{ c.next() }}', { c: counter })).toBe('123');
    expect(counter.count).toBe(3);
  });
});
