import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client, Notification } from 'pg';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { PublicCacheRepository } from 'src/public-cache/public-cache.repository';

export const PUBLIC_CHANGE_CHANNEL = 'public_change';
const LISTENER_NAME = 'ratsinfo-listen';
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** A round trip on the listening connection that takes longer than this counts as a lost connection. */
const ROUND_TRIP_LIMIT_MS = 5_000;

/**
 * What this process knows of the bodies' content without asking the database: a counter per body
 * that moves with every `public_change` notification (see migration PublicChangeNotify), on one
 * connection of its own that does nothing but LISTEN.
 *
 * - While the connection listens, `bodyVersion` and `installationVersion` are answered from
 *   memory. A version holds the connection's epoch, which moves on each new connection, so
 *   nothing cached before a gap in listening is ever served after it.
 * - Without the connection (not yet open, lost, or `PUBLIC_CACHE_FRESHNESS=query`) they return
 *   null and the cache asks the database on each request, as it always could.
 * - Every `recheckSeconds` the newest change of each body is read on the same connection: a row
 *   newer than the newest notification means one was missed, and that body's counter moves. A
 *   round trip that fails or hangs drops the connection and opens a new one.
 * - `settle()` makes one round trip on the connection. PostgreSQL sends a listener every
 *   notification of a transaction that committed before that round trip started, ahead of its
 *   answer; so after a write, the writer's own next request sees the change (the hooks settle
 *   after every write request), and another instance sees it once the notification arrived,
 *   normally within milliseconds.
 */
@Injectable()
export class PublicChangeFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PublicChangeFeed.name);
  private client?: Client;
  private listening = false;
  private stopped = false;
  private epoch = 0;
  private installationCount = 0;
  private readonly counts = new Map<string, number>();
  /** The highest `public_change` id each body's notifications carried (or the recheck read). */
  private readonly newest = new Map<string, bigint>();
  /** Body key → id, resolved once per key and forgotten with any change of that body. */
  private readonly bodyIds = new Map<string, string>();
  private reconnectDelay = RECONNECT_FIRST_MS;
  /** The connection takes one query at a time: each round trip waits for the one before. */
  private queue: Promise<unknown> = Promise.resolve();
  private nextSettle?: Promise<void>;
  private reconnectTimer?: NodeJS.Timeout;
  private recheckTimer?: NodeJS.Timeout;

  constructor(
    private readonly changes: PublicCacheRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** True when versions come from memory. */
  get active(): boolean {
    return this.listening;
  }

  /**
   * Whether this process listens at all: a cache that learns of changes here is on (the public
   * answers, the members' read models) and freshness is by notification.
   */
  get wanted(): boolean {
    const { publicCache, readModelCache } = this.config;
    return (publicCache.maxBytes > 0 || readModelCache.maxBytes > 0) && publicCache.freshness === 'notify';
  }

  onModuleInit(): void {
    if (!this.wanted) return;
    // Opened in the background: until it listens, the cache asks the database as before.
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.recheckTimer);
    await this.drop();
  }

  /** The installation's content version, or null while not listening. */
  installationVersion(): string | null {
    return this.listening ? `n${this.epoch}.${this.installationCount}` : null;
  }

  /**
   * A body's content version from memory, or null while not listening; `undefined` when the key
   * is not known yet and `resolve` has to be awaited once.
   */
  bodyVersion(bodyKey: string): string | null | undefined {
    if (!this.listening) return null;
    const bodyId = this.bodyIds.get(bodyKey);
    if (bodyId === undefined) return undefined;
    return `n${this.epoch}.${bodyId}.${this.counts.get(bodyId) ?? 0}`;
  }

  /** A body's content version by its id, from memory (only while listening). */
  bodyIdVersion(bodyId: string): string {
    return `n${this.epoch}.${this.counts.get(bodyId) ?? 0}`;
  }

  /** Looks a body key up in the database; returns its version, or null for an unknown key. */
  async resolve(bodyKey: string): Promise<string | null> {
    const epoch = this.epoch;
    const bodyId = await this.changes.bodyId(bodyKey);
    if (bodyId === null) return null;
    // A new connection in between may have forgotten the keys on purpose; then ask again next time.
    if (this.listening && epoch === this.epoch) this.bodyIds.set(bodyKey, bodyId);
    return `n${epoch}.${bodyId}.${this.counts.get(bodyId) ?? 0}`;
  }

  /** Waits until every notification committed before this call has been taken in (see the class). */
  settle(): Promise<void> {
    const client = this.client;
    if (!this.listening || !client) return Promise.resolve();
    // Callers that come while no round trip of theirs has started yet share the next one.
    if (this.nextSettle) return this.nextSettle;
    const next: Promise<void> = this.roundTrip(client, () => {
      if (this.nextSettle === next) this.nextSettle = undefined;
      return client.query('SELECT 1');
    }).then(
      () => undefined,
      // The failure has already dropped the connection, and with it every version.
      () => undefined,
    );
    this.nextSettle = next;
    void next.then(() => {
      if (this.nextSettle === next) this.nextSettle = undefined;
    });
    return this.nextSettle;
  }

  /** Compares the database's newest change of each body with the notifications seen (see the class). */
  async recheck(baseline = false): Promise<number> {
    const client = this.client;
    if (!this.listening || !client) return 0;
    let rows: { bodyId: string; last: bigint }[];
    try {
      rows = await this.roundTrip(client, () => this.changes.newestChanges(client));
    } catch {
      return 0;
    }
    let missed = 0;
    for (const { bodyId, last } of rows) {
      const seen = this.newest.get(bodyId);
      if (seen !== undefined && last <= seen) continue;
      if (!baseline) missed += 1;
      this.changed(bodyId, last, !baseline);
    }
    if (missed > 0) this.logger.warn(`${missed} bodies changed without a notification; their cached answers are dropped`);
    return missed;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = this.changes.listenerClient(LISTENER_NAME);
    client.on('notification', (message: Notification) => this.notified(message));
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await this.roundTrip(client, () => client.query(`LISTEN ${PUBLIC_CHANGE_CHANNEL}`));
      if (this.client !== client || this.stopped) return;
      // Whatever changed while nobody listened is covered by the new epoch.
      this.epoch += 1;
      this.counts.clear();
      this.newest.clear();
      this.bodyIds.clear();
      this.listening = true;
      await this.recheck(true);
      this.reconnectDelay = RECONNECT_FIRST_MS;
      clearInterval(this.recheckTimer);
      this.recheckTimer = setInterval(() => void this.recheck(), this.config.publicCache.recheckSeconds * 1000);
      this.recheckTimer.unref();
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private notified(message: Notification): void {
    if (message.channel !== PUBLIC_CHANGE_CHANNEL || !message.payload) return;
    const [bodyId, id] = message.payload.split(' ');
    if (!bodyId || !id || !/^\d+$/.test(id)) return;
    this.changed(bodyId, BigInt(id), true);
  }

  private changed(bodyId: string, id: bigint, invalidate: boolean): void {
    const seen = this.newest.get(bodyId);
    if (seen === undefined || id > seen) this.newest.set(bodyId, id);
    if (!invalidate) return;
    this.counts.set(bodyId, (this.counts.get(bodyId) ?? 0) + 1);
    this.installationCount += 1;
    // A body's key may have changed with it, or the body may be gone: look the key up again.
    for (const [key, id2] of this.bodyIds) if (id2 === bodyId) this.bodyIds.delete(key);
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    const wasListening = this.listening;
    this.listening = false;
    this.client = undefined;
    clearInterval(this.recheckTimer);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasListening) {
      this.logger.warn(
        { err: error },
        'The public cache lost its notification connection; it asks the database on each request until it is back',
      );
    }
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelay);
    this.reconnectTimer.unref();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.listening = false;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  /** A query on the listening connection that drops the connection when it fails or hangs. */
  private roundTrip<R>(client: Client, query: () => Promise<R>): Promise<R> {
    const turn = this.queue.then(() => this.timedRoundTrip(client, query));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async timedRoundTrip<R>(client: Client, query: () => Promise<R>): Promise<R> {
    if (this.client !== client) throw new Error('The notification connection was replaced');
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`No answer on the notification connection within ${ROUND_TRIP_LIMIT_MS} ms`)),
        ROUND_TRIP_LIMIT_MS,
      );
    });
    try {
      return await Promise.race([query(), hang]);
    } catch (error) {
      this.lost(client, error as Error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
