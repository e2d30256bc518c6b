import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from 'src/app';
import { serializeOpenApi } from 'src/common/openapi';
import { createTestApp, TestApp } from './support/test-app';

describe('The committed OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches what the code generates (run `npm run openapi` after changing the API)', () => {
    const file = join(__dirname, '..', 'openapi.json');
    expect(existsSync(file)).toBe(true);
    const committed = readFileSync(file, 'utf8');
    expect(serializeOpenApi(buildOpenApiDocument(t.app))).toBe(committed);
  });
});
