import { dateTime, typeName, url } from 'src/oparl-import/oparl-normalize';
import { OparlHttpClient, Raw, readLocal, walkList } from 'src/oparl-import/oparl-source';

export interface RemoteOptions {
  /** Only objects changed since then (the list filter `modified_since`). */
  modifiedSince?: Date;
  /** Which body of a System to take, by its OParl id; the first one when not given. */
  sourceBody?: string;
  /** Objects read so far, and how many the lists announced (undefined until all announced theirs). */
  progress?: (objects: number, expected?: number) => void;
}

/** The lists of a Body to read; embedded objects (agenda items, consultations, files) come with their parents. */
const BODY_LISTS = ['legislativeTermList', 'locationList', 'organization', 'person', 'membership', 'meeting', 'paper'];

/** Reads a body's objects from a live OParl server, given the URL of its System or of the Body itself. */
export async function fetchRemote(client: OparlHttpClient, start: string, options: RemoteOptions = {}): Promise<Raw[]> {
  let body = await client.get(start);
  if (typeName(body) === 'System') {
    const bodyList = url(body.body);
    if (!bodyList) throw new Error(`${start}: System without a body list`);
    const bodies: Raw[] = [];
    for await (const b of walkList(client, bodyList)) bodies.push(b);
    const chosen = options.sourceBody ? bodies.find((b) => b.id === options.sourceBody) : bodies[0];
    if (!chosen) throw new Error(`${start}: body ${options.sourceBody ?? ''} not found among ${bodies.length} bodies`);
    body = chosen;
  }
  if (typeName(body) !== 'Body') throw new Error(`${start} is neither an OParl System nor a Body`);
  const query: Record<string, string> = {};
  // The spec's date-time form; `+` must travel percent-encoded, which URLSearchParams does.
  if (options.modifiedSince) query.modified_since = options.modifiedSince.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const objects: Raw[] = [body];
  let count = 1;
  const lists = BODY_LISTS.map((property) => url(body[property])).filter((list): list is string => Boolean(list));
  const announced = new Map<string, number>();
  const expected = () => (announced.size === lists.length ? 1 + [...announced.values()].reduce((a, b) => a + b, 0) : undefined);
  await Promise.all(
    lists.map(async (list) => {
      for await (const object of walkList(client, list, query, (total) => announced.set(list, total))) {
        objects.push(object);
        options.progress?.(++count, expected());
      }
    }),
  );
  return objects;
}

/** A source on the command line: an http(s) URL or a local file or folder. */
export async function readSource(client: OparlHttpClient, source: string, options: RemoteOptions = {}): Promise<Raw[]> {
  if (/^https?:\/\//.test(source)) return fetchRemote(client, source, options);
  const objects = await readLocal(source);
  const since = options.modifiedSince?.getTime();
  // Files have no server to filter them: the same rule, applied here to the top-level objects.
  return since === undefined ? objects : objects.filter((o) => (dateTime(o.modified)?.getTime() ?? Infinity) >= since);
}
