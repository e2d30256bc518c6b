import { Injectable } from '@nestjs/common';

export interface MeetingChanged {
  bodyId: string;
  meetingId: string;
  /** The lifecycle step, e.g. `publish`. */
  step: string;
}

/**
 * Tells other features that a meeting changed after the change is committed. In-process and
 * synchronous: listeners must not throw and should queue their own work.
 */
@Injectable()
export class MeetingEvents {
  private readonly listeners = new Set<(event: MeetingChanged) => void>();

  subscribe(listener: (event: MeetingChanged) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(event: MeetingChanged): void {
    for (const listener of this.listeners) listener(event);
  }
}
