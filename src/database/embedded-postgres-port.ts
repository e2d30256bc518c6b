import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, listenProblem } from 'src/common/ports';
import { StartupError } from 'src/common/startup-error';
import { explicitPortTaken } from 'src/database/embedded-postgres-failure';

/** The port of the first installation on a machine; another one moves to a free port. */
export const DEFAULT_EMBEDDED_PORT = 54329;
/** In DATA_DIR: the port its embedded PostgreSQL took, so the next start and every tool take it again. */
export const PORT_FILE = 'postgres.port';

/**
 * The port to start the embedded PostgreSQL of dataDir on: EMBEDDED_POSTGRES_PORT (requested)
 * when set, which must be free; 'any' free port for throw-away databases; otherwise the port
 * remembered in dataDir, else 54329, else a free one near it, which is then remembered.
 */
export async function chooseEmbeddedPort(
  dataDir: string,
  requested: number | 'any' | undefined,
  log: (message: string) => void,
): Promise<number> {
  if (requested === 'any') return freePort();
  if (requested !== undefined) {
    if (await listenProblem(requested)) throw new StartupError(explicitPortTaken(requested));
    return requested;
  }
  const file = join(dataDir, PORT_FILE);
  const remembered = readRememberedPort(file);
  const wanted = remembered ?? DEFAULT_EMBEDDED_PORT;
  let port = wanted;
  if (await listenProblem(wanted)) {
    port = await nearbyFreePort(wanted);
    log(
      `Port ${wanted} is taken by another program (another installation?): the embedded PostgreSQL of ${dataDir} ` +
        `uses port ${port} from now on (kept in ${file})`,
    );
  }
  if (port !== remembered) writeFileSync(file, `${port}\n`);
  return port;
}

function readRememberedPort(file: string): number | undefined {
  const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  const port = Number(text);
  return /^\d+$/.test(text) && port >= 1024 && port <= 65535 ? port : undefined;
}

/** The next free port above, so installations sit side by side (54329, 54330, …). */
async function nearbyFreePort(from: number): Promise<number> {
  for (let port = from + 1; port <= Math.min(from + 100, 65535); port++) {
    if (!(await listenProblem(port))) return port;
  }
  return freePort();
}
