import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'ratsinfo-compiled');
const SOURCES = ['src', 'scripts'];

/**
 * The server and the command-line tools as JavaScript, for tests that start them as processes
 * the way an administrator does. ts-node compiles the whole application again for each start
 * (about 9 s of CPU on 2 cores); this compiles each changed file once, the same way
 * (`TS_NODE_TRANSPILE_ONLY`), and a start then costs about 2 s. Returns the arguments for
 * `node` and the environment that resolves the `src/…` imports.
 */
export function compiledEntry(entry: string): { args: string[]; env: NodeJS.ProcessEnv } {
  compile();
  return { args: [join(OUT, entry.replace(/\.ts$/, '.js'))], env: { NODE_PATH: OUT } };
}

let compiled = false;

function compile(): void {
  if (compiled) return;
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const options = { ...config.options, sourceMap: false };
  const stamp = JSON.stringify({ typescript: ts.version, options });
  const stampFile = join(OUT, 'options.json');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const wanted = new Set<string>();
  for (const source of SOURCES.flatMap((dir) => typeScriptFiles(join(ROOT, dir)))) {
    const target = join(OUT, relative(ROOT, source)).replace(/\.ts$/, '.js');
    wanted.add(target);
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: options, fileName: source });
    mkdirSync(dirname(target), { recursive: true });
    // Another test run may compile at the same time: never leave a half-written file.
    const partial = `${target}.${process.pid}`;
    writeFileSync(partial, outputText);
    renameSync(partial, target);
  }
  // A deleted migration must not live on here: the migrations are loaded by a glob.
  for (const dir of SOURCES) {
    for (const file of javaScriptFiles(join(OUT, dir))) if (!wanted.has(file)) rmSync(file);
  }
  // Paths relative to the compiled files (src/common/views.ts) find the templates beside them.
  if (!existsSync(join(OUT, 'templates'))) symlinkSync(join(ROOT, 'templates'), join(OUT, 'templates'));
  writeFileSync(stampFile, stamp);
  compiled = true;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function javaScriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}
