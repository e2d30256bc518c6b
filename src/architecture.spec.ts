import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The layering of docs/architecture.md, checked on the source: which feature folder imports
 * which. Type-only imports and imports of entity files (TypeORM relations name each other's
 * entities) are left aside; every other import is a dependency that must point one way.
 */
const SRC = __dirname;

/** Pairs of folders that may import each other, each for a reason given in docs/architecture.md. */
const ALLOWED_MUTUAL: string[][] = [
  // Login reads accounts and their roles; managing an account revokes its sessions and hashes its password.
  ['accounts', 'auth'],
  // A paper's API answer embeds its Beratungsfolge and its files, while each consultation and file link names its paper.
  ['consultations', 'papers'],
  ['files', 'papers'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.entity.ts') ? [path] : [];
  });
}

function folderImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const folder = relative(SRC, file).split(sep)[0];
    if (folder.endsWith('.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^import (type )?[^;]*?from 'src\/([^/']+)\/[^']+';/gms)) {
      const [, typeOnly, target] = match;
      if (typeOnly || target === folder) continue;
      if (!edges.has(folder)) edges.set(folder, new Set());
      edges.get(folder)!.add(target);
    }
  }
  return edges;
}

describe('Architecture', () => {
  it('has no two feature folders that import each other', () => {
    const edges = folderImports();
    const mutual = new Set<string>();
    for (const [from, targets] of edges) {
      for (const to of targets) if (edges.get(to)?.has(from)) mutual.add([from, to].sort().join(' ↔ '));
    }
    const allowed = new Set(ALLOWED_MUTUAL.map((pair) => [...pair].sort().join(' ↔ ')));
    expect([...mutual].filter((pair) => !allowed.has(pair)).sort()).toEqual([]);
  });

  it('keeps src/database on top: no feature imports it but for its infrastructure', () => {
    // Transactions (unit-of-work), named SQL and the data source options are infrastructure features may use.
    const open = /^src\/database\/(data-source-options|embedded-postgres|open-database)/;
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const path = relative(SRC, file);
      if (path.startsWith(`database${sep}`) || path.startsWith(`setup${sep}`) || !path.includes(sep)) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(src\/database\/[^']+)'/g)) {
        if (!open.test(match[1])) offenders.push(`${path} → ${match[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
