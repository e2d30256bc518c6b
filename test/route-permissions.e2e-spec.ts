import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY } from 'src/auth/access';
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
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const reflector = t.app.get(Reflector);
    const routes: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as () => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const access = reflector.getAllAndOverride<string>(ACCESS_KEY, [handler, wrapper.metatype]) ?? 'MISSING';
        const full = `/${[base, path]
          .map((p) => p.replace(/^\/|\/$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        routes.push(`${method.padEnd(6)} ${full}  →  ${access}`);
      }
    }
    routes.sort();
    expect(routes.filter((r) => r.endsWith('MISSING'))).toEqual([]);
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.join('\n')).toMatchSnapshot();
  });
});
