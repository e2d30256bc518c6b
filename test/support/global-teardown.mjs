export default async function globalTeardown() {
  const server = globalThis.__RATSINFO_PG__;
  if (server) await server.stop();
}
