import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, listenProblem } from 'src/common/ports';
import { StartupError } from 'src/common/startup-error';
import { explicitPortTaken } from 'src/database/embedded-postgres-failure';

/** The port of the first installation on a machine; another one moves to a free port. */
export const DEFAULT_EMBEDDED_PORT = 54329;
/** In DATA_DIR: the port its embedded PostgreSQL took, so the next start and every tool take it again. */
export const PORT_FILE = 'postgres.port';

export interface PortChoice {
  port: number;
  /** Once PostgreSQL runs there: keeps a port that is not remembered yet, and says why it moved. */
  remember(log: (message: string) => void): void;
}

/**
 * The port to start the embedded PostgreSQL of dataDir on: EMBEDDED_POSTGRES_PORT (requested)
 * when set, which must be free; 'any' free port for throw-away databases; otherwise the port
 * remembered in dataDir, else 54329, else a free one near it, which is then remembered.
 */
export async function chooseEmbeddedPort(dataDir: string, requested: number | 'any' | undefined): Promise<PortChoice> {
  const asItIs = (port: number): PortChoice => ({ port, remember: () => {} });
  if (requested === 'any') return asItIs(await freePort());
  if (requested !== undefined) {
    if (await listenProblem(requested)) throw new StartupError(explicitPortTaken(requested));
    return asItIs(requested);
  }
  const file = join(dataDir, PORT_FILE);
  const remembered = readRememberedPort(file);
  const wanted = remembered ?? DEFAULT_EMBEDDED_PORT;
  const port = (await listenProblem(wanted)) ? await nearbyFreePort(wanted) : wanted;
  return {
    port,
    remember: (log) => {
      if (port === remembered) return;
      writeFileSync(file, `${port}\n`);
      if (port !== wanted) {
        log(
          `Port ${wanted} is taken by another program (another installation?): the embedded PostgreSQL of ${dataDir} ` +
            `uses port ${port} from now on (kept in ${file})`,
        );
      }
    },
  };
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
