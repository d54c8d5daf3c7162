/** Key of the session state in `sessionStorage`. */
export const SESSION_STORAGE_KEY = 'replaygate.session';

/** The state that carries one tab's session across page loads. */
export interface SessionState {
  /** 22 characters from `[A-Za-z0-9_-]`. */
  id: string;
  /** Sequence number of the next batch. */
  nextSeq: number;
  /** Whether sampling picked this session; decided once, when the session starts. */
  sampled: boolean;
  /** Epoch milliseconds when the session started. */
  startedAt: number;
  /** The first page of the session. */
  url: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Returns a random session id of 22 characters (132 bits). */
export function createSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  return Array.from(bytes, (byte) => ID_ALPHABET.charAt(byte & 63)).join('');
}

/**
 * Keeps the session state in `sessionStorage`, which lasts as long as the tab and survives
 * reloads. Where storage is unavailable (blocked by the browser's settings), the state lives
 * in memory and each page load starts a new session.
 *
 * NOTE: a tab duplicated by the browser copies `sessionStorage`, so both tabs continue one
 * session and send the same sequence numbers. The collector keeps only the first batch of each.
 */
export class SessionStore {
  private state: SessionState | undefined;

  constructor(private readonly storage: Storage | undefined) {}

  /**
   * Returns the stored session, or starts one: `random() < sampleRate` decides whether it
   * is recorded.
   */
  resumeOrStart(sampleRate: number, random: () => number = Math.random): SessionState {
    const stored = this.read();
    if (stored) {
      this.state = stored;
      return stored;
    }
    const state: SessionState = {
      id: createSessionId(),
      nextSeq: 0,
      sampled: random() < sampleRate,
      startedAt: Date.now(),
      url: location.href,
    };
    this.state = state;
    this.write();
    return state;
  }

  /** Returns the next sequence number and stores the one after it at once, before any upload. */
  reserveSeq(): number {
    if (!this.state) {
      throw new Error('SessionStore.reserveSeq() called before resumeOrStart().');
    }
    const seq = this.state.nextSeq;
    this.state.nextSeq += 1;
    this.write();
    return seq;
  }

  private read(): SessionState | undefined {
    let text: string | null = null;
    try {
      text = this.storage?.getItem(SESSION_STORAGE_KEY) ?? null;
    } catch {
      return undefined;
    }
    if (text === null) {
      return undefined;
    }
    try {
      const value = JSON.parse(text) as Partial<SessionState>;
      if (
        typeof value.id === 'string' &&
        /^[A-Za-z0-9_-]{8,64}$/.test(value.id) &&
        Number.isSafeInteger(value.nextSeq) &&
        typeof value.sampled === 'boolean' &&
        typeof value.startedAt === 'number' &&
        typeof value.url === 'string'
      ) {
        return value as SessionState;
      }
    } catch {
      // A damaged entry starts a new session below.
    }
    return undefined;
  }

  private write(): void {
    try {
      this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(this.state));
    } catch {
      // Storage is full or blocked; the session continues in memory for this page load.
    }
  }
}
