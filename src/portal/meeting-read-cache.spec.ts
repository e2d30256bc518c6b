import { Viewer } from 'src/auth/actor';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AppConfig } from 'src/config/app-config';
import { MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { MeetingReadCache } from 'src/portal/meeting-read-cache';
import { PublicCacheService } from 'src/public-cache/public-cache.service';

const member = (personId: string): Viewer => ({ kind: 'member', bodyId: 'b1', personId, seesAllNonPublic: false });
const config = (maxBytes = 1024 * 1024, freshness: 'notify' | 'query' = 'notify') =>
  ({ readModelCache: { maxBytes }, publicCache: { maxBytes: 0, ttlSeconds: 60, freshness, recheckSeconds: 10 } }) as AppConfig;

function setup(cfg = config()) {
  let version: string | null = 'n1.0';
  let loads = 0;
  // Who may see the non-public items: members whose person id starts with "in".
  const agendaItems = {
    maySeeNonPublic: jest.fn((_b: string, _m: string, v: Viewer) =>
      Promise.resolve(v.kind === 'member' && (v.personId ?? '').startsWith('in')),
    ),
  };
  const reads = {
    load: jest.fn((_b: string, id: string, v: Viewer) => {
      loads += 1;
      if (id === 'missing') return Promise.resolve(null);
      const items = [
        { id: 'i1', public: true },
        ...(v.kind === 'member' && (v.personId ?? '').startsWith('in') ? [{ id: 'i2', public: false }] : []),
      ];
      return Promise.resolve({ id, name: `Sitzung ${loads}`, items } as unknown as MeetingReadModel);
    }),
  };
  const settle = jest.fn(() => Promise.resolve());
  const publicCache = { memoryBodyVersion: jest.fn(() => version), settle };
  const cache = new MeetingReadCache(
    reads as unknown as MeetingReadRepository,
    agendaItems as unknown as AgendaItemsRepository,
    publicCache as unknown as PublicCacheService,
    cfg,
  );
  return {
    cache,
    reads,
    settle,
    setVersion: (v: string | null) => (version = v),
  };
}

describe('MeetingReadCache', () => {
  it('reads a meeting once for all members who get the same answer, and keeps the two answers apart', async () => {
    const { cache, reads } = setup();
    const first = (await cache.load('b1', 'm1', member('in-a'))).model;
    expect(first!.items.map((i) => i.id)).toEqual(['i1', 'i2']);
    expect((await cache.load('b1', 'm1', member('in-b'))).model).toBe(first);
    const outside = (await cache.load('b1', 'm1', member('out-a'))).model;
    expect(outside!.items.map((i) => i.id)).toEqual(['i1']);
    expect((await cache.load('b1', 'm1', member('out-b'))).model).toBe(outside);
    expect((await cache.load('b1', 'm1', member('in-a'))).model).toBe(first);
    expect(reads.load).toHaveBeenCalledTimes(2);
    // The answer goes on to the rest of the page, from memory or not.
    expect((await cache.load('b1', 'm1', member('in-c'))).seesNonPublic).toBe(true);
    expect((await cache.load('b1', 'm1', member('out-c'))).seesNonPublic).toBe(false);
  });

  it('keeps models apart by body, meeting and read options', async () => {
    const { cache, reads } = setup();
    await cache.load('b1', 'm1', member('in-a'));
    await cache.load('b2', 'm1', member('in-a'));
    await cache.load('b1', 'm2', member('in-a'));
    await cache.load('b1', 'm1', member('in-a'), { paperFiles: true });
    expect(reads.load).toHaveBeenCalledTimes(4);
    await cache.load('b1', 'm1', member('in-a'), { paperFiles: true });
    expect(reads.load).toHaveBeenCalledTimes(4);
  });

  it('reads again when the body’s content version moves, and not at all from memory without one', async () => {
    const { cache, reads, setVersion } = setup();
    const first = (await cache.load('b1', 'm1', member('in-a'))).model;
    setVersion('n1.1');
    const second = (await cache.load('b1', 'm1', member('in-a'))).model;
    expect(second).not.toBe(first);
    expect(second!.name).toBe('Sitzung 2');
    setVersion(null);
    await cache.load('b1', 'm1', member('in-a'));
    await cache.load('b1', 'm1', member('in-a'));
    expect(reads.load).toHaveBeenCalledTimes(4);
  });

  it('does not keep a model when the version moved while it was read', async () => {
    const { cache, reads, settle, setVersion } = setup();
    settle.mockImplementationOnce(() => {
      setVersion('n1.1');
      return Promise.resolve();
    });
    await cache.load('b1', 'm1', member('in-a'));
    await cache.load('b1', 'm1', member('in-a'));
    expect(reads.load).toHaveBeenCalledTimes(2);
    await cache.load('b1', 'm1', member('in-a'));
    expect(reads.load).toHaveBeenCalledTimes(2);
  });

  it('reads for the public and the council office every time, and never keeps a missing meeting', async () => {
    const { cache, reads } = setup();
    await cache.load('b1', 'm1', { kind: 'public' });
    await cache.load('b1', 'm1', { kind: 'public' });
    await cache.load('b1', 'm1', { kind: 'admin', bodyId: 'b1' });
    await cache.load('b1', 'm1', { kind: 'admin', bodyId: 'b1' });
    expect((await cache.load('b1', 'missing', member('in-a'))).model).toBeNull();
    expect((await cache.load('b1', 'missing', member('in-a'))).model).toBeNull();
    expect(reads.load).toHaveBeenCalledTimes(6);
  });

  it('is off with no memory for it or with freshness by query', async () => {
    for (const cfg of [config(0), config(1024 * 1024, 'query')]) {
      const { cache, reads } = setup(cfg);
      await cache.load('b1', 'm1', member('in-a'));
      await cache.load('b1', 'm1', member('in-a'));
      expect(reads.load).toHaveBeenCalledTimes(2);
    }
  });

  it('hands out kept models frozen', async () => {
    const { cache } = setup();
    const model = (await cache.load('b1', 'm1', member('in-a'))).model;
    expect(() => {
      (model!.items as unknown as unknown[]).push({});
    }).toThrow(TypeError);
    expect(() => {
      (model!.items[0] as { name: string }).name = 'geändert';
    }).toThrow(TypeError);
  });
});
