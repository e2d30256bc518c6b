import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPARL_SCHEMA_DIR = join(__dirname, '..', '..', '..', 'shared', 'oparl', 'schema', '1.1');
/** The schemas of this installation's extension (docs/oparl-extension.md), part of the repository. */
export const EXTENSION_SCHEMA_DIR = join(__dirname, '..', '..', 'docs', 'oparl-extension');

/** Keys of the spec's schema files that are documentation, not JSON Schema. */
const SPEC_ONLY_KEYS = new Set(['references', 'backreference', 'cardinality', 'description', 'title']);

/**
 * The spec's files are not plain JSON Schema: embedded objects say `schema: "File.json"` instead
 * of `$ref`, external lists are strings with an `items` member, formats are called `url`, and
 * patterns escape `:` and `/`, which a unicode regex refuses. This turns them into JSON Schema.
 */
function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (SPEC_ONLY_KEYS.has(key) && typeof value !== 'object') continue;
    if (key === 'schema' && typeof value === 'string') {
      result.$ref = value;
      continue;
    }
    if (key === 'items' && source.type === 'string') continue;
    if (key === 'format' && value === 'url') {
      result.format = 'uri';
      continue;
    }
    if (key === 'pattern' && typeof value === 'string') {
      result.pattern = value.replace(/\\([:/])/g, '$1');
      continue;
    }
    result[key] = adapt(value);
  }
  return result;
}

/** Whether the specification's schema folder is there (it is not part of the repository). */
export function officialSchemasPresent(): boolean {
  return existsSync(OPARL_SCHEMA_DIR);
}

/**
 * A validator per type name (`AgendaItem`, `Vote`): the extension's always, from the repository;
 * the specification's where its schema folder is there.
 */
export function loadOparlValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const dirs = [EXTENSION_SCHEMA_DIR, ...(officialSchemasPresent() ? [OPARL_SCHEMA_DIR] : [])];
  const files: string[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const schema = adapt(JSON.parse(readFileSync(join(dir, file), 'utf8'))) as Record<string, unknown>;
      ajv.addSchema({ ...schema, $id: file });
      files.push(file);
    }
  }
  const validators = new Map<string, ValidateFunction>();
  for (const file of files) validators.set(file.replace(/\.json$/, ''), ajv.getSchema(file)!);
  return validators;
}
