import { describeError, StartupError } from 'src/common/startup-error';

/** EMBEDDED_POSTGRES_PORT is set to a port that another program uses. */
export function explicitPortTaken(port: number): string {
  return (
    `Port ${port} for the embedded PostgreSQL (EMBEDDED_POSTGRES_PORT) is in use by another program: ` +
    'set EMBEDDED_POSTGRES_PORT to a free port, or leave it unset to let Ratsinfo choose one.'
  );
}

/** A start of the embedded PostgreSQL that failed, with what PostgreSQL said and whether trying again may help. */
export class EmbeddedStartError extends StartupError {
  constructor(
    message: string,
    readonly portTaken: boolean,
    readonly lockedByOther: boolean,
  ) {
    super(message);
  }
}

/** The lines of PostgreSQL's (or initdb's) output that say why it failed, without time stamps. */
function whatPostgresSaid(output: string[]): string[] {
  const said: string[] = [];
  for (const raw of output) {
    const line = raw.replace(/^\[STDERR\]\s*/, '');
    const logged = /^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] ([A-Z]+):\s+(.*)$/.exec(line);
    if (logged) {
      const [, level, text] = logged;
      if (['PANIC', 'FATAL', 'ERROR', 'WARNING', 'DETAIL', 'HINT'].includes(level) || /could not/.test(text)) said.push(text);
    } else if (/error|could not|denied|not permitted|failed/i.test(line)) {
      said.push(line);
    }
  }
  return [...new Set(said)];
}

/** The sentence for a failed initdb or start, from the output of PostgreSQL (the package itself says nothing). */
export function startFailure(failure: {
  databaseDir: string;
  port: number;
  explicitPort: boolean;
  error: unknown;
  output: string[];
  step: 'set up' | 'start';
}): EmbeddedStartError {
  const { databaseDir, port } = failure;
  const lines = whatPostgresSaid(failure.output);
  // Our own errors (the package's, e.g. no 'postgres' user) when PostgreSQL itself said nothing.
  if (lines.length === 0 && failure.error !== undefined) lines.push(describeError(failure.error));
  const said =
    lines.length > 0
      ? ` PostgreSQL says: ${lines.map((line) => (/[.!?:]$/.test(line) ? line : `${line}.`)).join(' ')}`
      : ' PostgreSQL exited without a message.';
  const text = lines.join('\n');
  const portTaken = /Address already in use|\.s\.PGSQL\.\d+\.lock|using socket file/.test(text);
  const lockedByOther = /lock file "postmaster\.pid" already exists/.test(text);
  const version = /initialized by PostgreSQL version (\d+(?:\.\d+)*), which is not compatible with this version (\d+(?:\.\d+)*)/.exec(text);
  let sentence: string;
  if (version) {
    sentence =
      `The data in ${databaseDir} was written by PostgreSQL ${version[1]}, but this Ratsinfo brings PostgreSQL ${version[2]}: ` +
      'start it with the Ratsinfo version that wrote it, or move the data over with pg_dump and pg_restore.';
  } else if (portTaken && failure.explicitPort) {
    sentence = explicitPortTaken(port);
  } else if (portTaken) {
    sentence = `Port ${port} for the embedded PostgreSQL is in use by another program; set EMBEDDED_POSTGRES_PORT to a free port.`;
  } else if (/Permission denied/.test(text) && process.getuid?.() === 0) {
    sentence =
      `The embedded PostgreSQL cannot use ${databaseDir}: it runs as the system user "postgres" (Ratsinfo runs as root), ` +
      'which must reach every folder of that path and own what is in it. Choose a DATA_DIR outside private folders ' +
      'such as /root, or let that user through (chmod o+x on each parent folder).';
  } else if (/Permission denied/.test(text)) {
    sentence = `The embedded PostgreSQL has no permission to use ${databaseDir}.`;
  } else if (lockedByOther) {
    sentence = `Another PostgreSQL holds ${databaseDir}.`;
  } else {
    sentence = `The embedded PostgreSQL in ${databaseDir} did not ${failure.step === 'start' ? `start on port ${port}` : 'set up its data'}.`;
  }
  return new EmbeddedStartError(sentence + said, portTaken, lockedByOther);
}
