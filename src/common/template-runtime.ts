/**
 * Three of Nunjucks' runtime helpers, doing what they did with less garbage. Compiled templates
 * call them through the runtime module on every variable they set and every method they look
 * up, and a council member's meeting page of 80 items made about 5,800 and 320 such calls a
 * render. The replacements keep the helpers' behaviour and signatures; nothing else of the
 * runtime is touched.
 *
 * - `Frame.set` split the variable's name at its dots on every call (`loop.index` seven times
 *   for each pass of every loop). The names are those written in the templates, so each is split
 *   once and the parts kept.
 * - `memberLookup`, which runs for every `a.b` in a template, allocated the variables of the
 *   closure it makes for a function on every call. It wrapped every function it found in a new
 *   function that calls it on its object, so that `text.startsWith(…)` has its `this`. Most of
 *   those it found were macros of imported templates (`form.csrf`, a macro per agenda item),
 *   which never read `this`. Macros are now marked where they are made (`makeMacro`), and a
 *   macro is handed over as it is; every other function is wrapped as before.
 */
// The runtime has no type declarations of its own; these are the members replaced here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('nunjucks/src/runtime') as NunjucksRuntime;
const originalMakeMacro = runtime.makeMacro;

interface FrameLike {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): FrameLike | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

interface NunjucksRuntime {
  Frame: { prototype: FrameLike };
  memberLookup(obj: unknown, name: string): unknown;
  makeMacro: (this: unknown, ...definition: unknown[]) => (...args: unknown[]) => unknown;
}

/** Names in templates are few; the bound only keeps a template written in a loop from growing it. */
const MAX_NAMES = 10_000;
const namesSplit = new Map<string, string[]>();

function partsOf(name: string): string[] {
  let parts = namesSplit.get(name);
  if (parts === undefined) {
    parts = name.split('.');
    if (namesSplit.size < MAX_NAMES) namesSplit.set(name, parts);
  }
  return parts;
}

function setVariable(this: FrameLike, name: string, value: unknown, resolveUp?: boolean): void {
  const parts = partsOf(name);
  if (resolveUp) {
    const frame = this.resolve(parts[0], true);
    if (frame) {
      frame.set(name, value);
      return;
    }
  }
  let scope = this.variables;
  for (let i = 0; i < parts.length - 1; i++) {
    const id = parts[i];
    if (!scope[id]) scope[id] = {};
    scope = scope[id] as Record<string, unknown>;
  }
  scope[parts[parts.length - 1]] = value;
}

type Method = (...args: unknown[]) => unknown;

/** Marks the macros the templates define: they read nothing from `this`. */
const MACRO = Symbol('nunjucks macro');

function makeMacro(this: unknown, ...definition: unknown[]): Method {
  const macro = originalMakeMacro.apply(this, definition);
  (macro as Method & { [MACRO]?: true })[MACRO] = true;
  return macro;
}

function memberLookup(obj: unknown, name: string): unknown {
  if (obj === undefined || obj === null) return undefined;
  const member = (obj as Record<string, unknown>)[name];
  if (typeof member !== 'function') return member;
  // A macro of an imported template (`form.csrf`) runs the same whatever it is called on.
  if ((member as Method & { [MACRO]?: true })[MACRO]) return member;
  return methodOf(obj as Record<string, unknown>, name);
}

/**
 * A function calling the method on its object, looked up when called. Made here, not in
 * memberLookup: a function that makes a closure allocates the closure's variables on every call,
 * also on the calls that make none, and memberLookup runs for every `a.b` in a template.
 */
function methodOf(obj: Record<string, unknown>, name: string): Method {
  return (...args) => (obj[name] as Method).apply(obj, args);
}

let installed = false;

/** Puts the three helpers in place; once per process, before or after environments are made. */
export function installTemplateRuntime(): void {
  if (installed) return;
  installed = true;
  runtime.Frame.prototype.set = setVariable;
  runtime.makeMacro = makeMacro;
  runtime.memberLookup = memberLookup;
}
