import { listRoutes } from './support/routes';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every route and the access it declares, as one reviewed list: a change in who may call
 * what shows up as a change of the snapshot in review.
 */
describe('Route access declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('declares an access rule on every route', () => {
    const routes = listRoutes(t.app).map((r) => `${r.method.padEnd(6)} ${r.path}  →  ${r.access}`);
    routes.sort();
    expect(routes.filter((r) => r.endsWith('MISSING'))).toEqual([]);
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.join('\n')).toMatchSnapshot();
  });
});
