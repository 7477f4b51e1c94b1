import { randomBytes } from 'node:crypto';

/** A logged-in dashboard session: the cookie holds only `id`, never the admin token. */
export interface DashboardSession {
  id: string;
  /** The admin token's name: the actor written into the audit trail. */
  actor: string;
  /** Per-session CSRF token, echoed in a hidden field of every form. */
  csrf: string;
  expiresAt: number;
}

/** In-memory sessions with an idle expiry; a restart logs everyone out, which is acceptable for an admin page. */
export class SessionStore {
  private readonly sessions = new Map<string, DashboardSession>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Open a session for an actor, with fresh random id and CSRF token. */
  create(actor: string): DashboardSession {
    this.sweep();
    const session = { id: randomId(), actor, csrf: randomId(), expiresAt: this.now() + this.ttlMs };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session for an id (sliding expiry), or null. */
  get(id: string | undefined): DashboardSession | null {
    if (id === undefined) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    session.expiresAt = this.now() + this.ttlMs;
    return session;
  }

  /** End a session (logout). */
  delete(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

function randomId(): string {
  return randomBytes(32).toString('base64url');
}
