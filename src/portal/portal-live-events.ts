import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { liveFingerprint, PortalLiveService, PublicLiveView } from 'src/portal/portal-live.service';
import { PublicCacheService } from 'src/public-cache/public-cache.service';

/** How often the watched bodies' content versions are read: one statement for all of them. */
const CHECK_EVERY_MS = 2000;
/** A comment line this often keeps proxies and browsers from closing a quiet stream. */
const HEARTBEAT_EVERY_MS = 20_000;
/** What EventSource waits before it connects again after the stream broke. */
const RETRY_MS = 5000;

interface Watch {
  body: { id: string; key: string };
  meetingId: string;
  listeners: Set<PassThrough>;
  fingerprint: string;
}

/**
 * The event streams of the public live pages (`…/live/ereignisse`). Whichever instance recorded
 * a change, every instance sees it in the database: every two seconds one statement reads the
 * content version of each body that has listeners (the `public_change` rows the content tables'
 * triggers write). Only when a body's version moved are its watched meetings read again, once
 * per meeting however many listen, and only a state that differs is sent. So the database's
 * work grows with the meetings followed, not with their listeners.
 */
@Injectable()
export class PortalLiveEvents implements OnModuleDestroy {
  private readonly logger = new Logger(PortalLiveEvents.name);
  private readonly watches = new Map<string, Watch>();
  private readonly versions = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private checking = false;
  private lastHeartbeat = Date.now();

  constructor(
    private readonly live: PortalLiveService,
    private readonly changes: PublicCacheService,
  ) {}

  /**
   * A stream of the meeting's live state, starting with the state now: a page loaded a moment
   * ago catches up on what happened since. Closing the stream ends the subscription. A meeting
   * the public may not see is not found, before any stream exists.
   */
  async open(body: { id: string; key: string }, meetingId: string): Promise<PassThrough> {
    const key = `${body.id}:${meetingId}`;
    // The body's version is read before the state, so a change in between is read again, never missed.
    if (!this.versions.has(body.id)) {
      const version = (await this.changes.bodyVersions([body.id])).get(body.id)!;
      if (!this.versions.has(body.id)) this.versions.set(body.id, version);
    }
    const now = await this.live.view(body, meetingId);
    let watch = this.watches.get(key);
    if (!watch) {
      watch = { body, meetingId, listeners: new Set(), fingerprint: liveFingerprint(now) };
      this.watches.set(key, watch);
    }
    const stream = new PassThrough();
    watch.listeners.add(stream);
    const leave = () => this.leave(key, stream);
    stream.on('close', leave);
    stream.on('error', leave);
    stream.write(`retry: ${RETRY_MS}\n\n`);
    stream.write(this.event(now));
    this.start();
    return stream;
  }

  /** How many streams are open, for tests and the logs. */
  get listenerCount(): number {
    let n = 0;
    for (const w of this.watches.values()) n += w.listeners.size;
    return n;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const watch of this.watches.values()) for (const stream of watch.listeners) stream.end();
    this.watches.clear();
    this.versions.clear();
  }

  private leave(key: string, stream: PassThrough): void {
    const watch = this.watches.get(key);
    if (!watch) return;
    watch.listeners.delete(stream);
    if (watch.listeners.size > 0) return;
    this.watches.delete(key);
    if (![...this.watches.values()].some((w) => w.body.id === watch.body.id)) this.versions.delete(watch.body.id);
    if (this.watches.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  private event(view: PublicLiveView): string {
    return `event: state\ndata: ${JSON.stringify({ html: this.live.fragment(view), phase: view.phase })}\n\n`;
  }

  private broadcast(watch: Watch, text: string): void {
    for (const stream of watch.listeners) stream.write(text);
  }

  private async check(): Promise<void> {
    if (this.checking || this.watches.size === 0) return;
    this.checking = true;
    try {
      if (Date.now() - this.lastHeartbeat >= HEARTBEAT_EVERY_MS) {
        this.lastHeartbeat = Date.now();
        for (const watch of this.watches.values()) this.broadcast(watch, ': ping\n\n');
      }
      const bodyIds = [...new Set([...this.watches.values()].map((w) => w.body.id))];
      const versions = await this.changes.bodyVersions(bodyIds);
      const moved = new Set(bodyIds.filter((id) => versions.get(id) !== this.versions.get(id)));
      for (const id of moved) this.versions.set(id, versions.get(id)!);
      for (const [key, watch] of [...this.watches]) {
        if (!moved.has(watch.body.id)) continue;
        await this.refresh(key, watch);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Checking the live pages for changes failed');
    } finally {
      this.checking = false;
    }
  }

  private async refresh(key: string, watch: Watch): Promise<void> {
    let view: PublicLiveView;
    try {
      view = await this.live.view(watch.body, watch.meetingId);
    } catch (error) {
      // Gone from public view (removed, or back to a draft): its streams end.
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) {
        for (const stream of watch.listeners) stream.end();
        this.watches.delete(key);
        return;
      }
      throw error;
    }
    const fingerprint = liveFingerprint(view);
    if (fingerprint === watch.fingerprint) return;
    watch.fingerprint = fingerprint;
    this.broadcast(watch, this.event(view));
  }
}
