import { AppConfig } from 'src/config/app-config';
import { PublicCacheRepository } from 'src/public-cache/public-cache.repository';
import { PublicCacheService } from 'src/public-cache/public-cache.service';
import { PublicChangeFeed } from 'src/public-cache/public-change-feed';

/** A notification connection that is not up: versions are read by query, as covered here. */
const notListening = { active: false } as PublicChangeFeed;

/** Change counters per body, as the triggers would leave them in public_change. */
class FakeChanges {
  bodies = new Map<string, { bodyId: string; last: number; count: number }>([['musterstadt', { bodyId: 'b1', last: 0, count: 0 }]]);

  change(key: string): void {
    const body = this.bodies.get(key)!;
    body.last = Math.max(...[...this.bodies.values()].map((b) => b.last)) + 1;
    body.count++;
  }

  installationChanges(): Promise<{ last: string; count: string }> {
    const all = [...this.bodies.values()];
    return Promise.resolve({ last: String(Math.max(0, ...all.map((b) => b.last))), count: String(all.reduce((n, b) => n + b.count, 0)) });
  }

  bodyChanges(key: string): Promise<{ bodyId: string; last: string; count: string } | null> {
    const body = this.bodies.get(key);
    return Promise.resolve(body ? { bodyId: body.bodyId, last: String(body.last), count: String(body.count) } : null);
  }
}

const config = (maxBytes: number) => ({ publicCache: { maxBytes, ttlSeconds: 60 } }) as AppConfig;

describe('PublicCacheService', () => {
  let changes: FakeChanges;
  let cache: PublicCacheService;

  beforeEach(() => {
    changes = new FakeChanges();
    cache = new PublicCacheService(changes as unknown as PublicCacheRepository, notListening, config(1_000_000));
  });

  it("versions a body's content by its id and its changes, and knows no version for an unknown body", async () => {
    await expect(cache.version({ bodyKey: 'musterstadt' })).resolves.toBe('b1.0.0');
    changes.change('musterstadt');
    await expect(cache.version({ bodyKey: 'musterstadt' })).resolves.toBe('b1.1.1');
    await expect(cache.version({ bodyKey: 'nirgendwo' })).resolves.toBeNull();
    await expect(cache.version('installation')).resolves.toBe('1.1');
  });

  it('serves a stored answer only for the version it was built from', async () => {
    const before = (await cache.version({ bodyKey: 'musterstadt' }))!;
    const stored = cache.store('/musterstadt', before, Buffer.from('<html>'), { 'content-type': 'text/html' });
    expect(stored.etag).toMatch(/^W\//);
    expect(cache.lookup('/musterstadt', before)).toBe(stored);
    changes.change('musterstadt');
    expect(cache.lookup('/musterstadt', (await cache.version({ bodyKey: 'musterstadt' }))!)).toBeUndefined();
  });

  it('stores nothing when the cache is switched off', () => {
    const off = new PublicCacheService(changes as unknown as PublicCacheRepository, notListening, config(0));
    expect(off.enabled).toBe(false);
    off.store('/musterstadt', 'v', Buffer.from('x'), { etag: '"e"' });
    expect(off.lookup('/musterstadt', 'v')).toBeUndefined();
  });

  it('prunes the change rows while either cache relies on them, and only then', () => {
    jest.useFakeTimers();
    try {
      for (const [maxBytes, wanted, pruned] of [
        [1_000_000, false, true],
        [0, true, true],
        [0, false, false],
      ] as const) {
        const prune = jest.fn(() => Promise.resolve(0));
        const repository = Object.assign(new FakeChanges(), { prune }) as unknown as PublicCacheRepository;
        const service = new PublicCacheService(repository, { active: false, wanted } as PublicChangeFeed, config(maxBytes));
        service.onModuleInit();
        jest.advanceTimersByTime(5 * 60 * 1000);
        service.onModuleDestroy();
        expect([maxBytes, wanted, prune.mock.calls.length > 0]).toEqual([maxBytes, wanted, pruned]);
      }
    } finally {
      jest.useRealTimers();
    }
  });
});
