import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { createServer, request as forward, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from 'src/app';
import { AppConfig, loadConfig } from 'src/config/app-config';
import { PublicChangeFeed } from 'src/public-cache/public-change-feed';

/** A fresh database copied from the migrated template; dropped again by `close`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  const template = process.env.TEST_DATABASE_TEMPLATE;
  if (!adminUrl || !template) throw new Error('Run the tests through jest: the global setup provides the database');
  const name = `ratsinfo_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Suites write with factories straight into the database and read public pages right after. With
 * notifications (the server's default) such a page could still be the cached one for the few
 * milliseconds the notification takes; so suites check freshness by query unless they ask for
 * `PUBLIC_CACHE_FRESHNESS: 'notify'`, as the public cache's own suite does.
 */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    ARGON2_MEMORY_KIB: '1024',
    PUBLIC_URL: 'http://ratsinfo.test',
    DEMO_DATA: 'false',
    PUBLIC_CACHE_FRESHNESS: 'query',
    ...overrides,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  /** Every running instance (two with TEST_INSTANCES=2); `app` is the first. */
  instances: NestFastifyApplication[];
  config: AppConfig;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The real application on its own database, served over real HTTP on a random port.
 * With TEST_INSTANCES=2 two instances share the database behind a round-robin proxy, so
 * consecutive requests of a test land on different processes' state (sessions, caches,
 * workers) the way they would behind a load balancer; `app` and `dataSource` are the first.
 */
export async function createTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(env);
  const instances = process.env.TEST_INSTANCES === '2' ? 2 : 1;
  const apps: NestFastifyApplication[] = [];
  for (let i = 0; i < instances; i++) {
    const app = await createApp(config, db.url);
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
  }
  const proxy = instances > 1 ? await startRoundRobinProxy(apps.map((a) => (a.getHttpServer().address() as AddressInfo).port)) : null;
  const server = proxy ?? apps[0].getHttpServer();
  return {
    app: apps[0],
    instances: apps,
    config,
    dataSource: apps[0].get(DataSource),
    http: () => request(server),
    close: async () => {
      if (proxy) await new Promise<void>((resolve) => proxy.close(() => resolve()));
      for (const app of apps) await app.close();
      await db.drop();
    },
  };
}

/**
 * A minimal load balancer: each request goes to the next port in turn, body streamed both
 * ways, status and headers passed through unchanged (also for keep-alive connections).
 */
/**
 * Resolves once every instance listens for `public_change` notifications (with
 * `PUBLIC_CACHE_FRESHNESS: 'notify'`): only then do the caches answer from memory.
 */
export async function untilListening(instances: NestFastifyApplication[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!instances.every((app) => app.get(PublicChangeFeed).active)) {
    if (Date.now() > deadline) throw new Error('The notification connection did not listen within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startRoundRobinProxy(ports: number[]): Promise<Server> {
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const port = ports[next++ % ports.length];
    const upstream = forward(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.statusMessage, response.rawHeaders);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`proxy: ${error.message}`);
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
