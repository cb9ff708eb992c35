import type { BackendMessage, OutgoingFile } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { toMessage } from './entries.js';
import { ChatError } from './errors.js';
import { findById, updateById } from './messages.js';
import { backoffDelay, REQUEST_BACKOFF } from './retry.js';
import type { StateUpdates } from './stateUpdates.js';
import type { Message } from './types.js';

/** One message on its way out. */
interface Job {
  name: string;
  id: string;
  body: string;
  file: OutgoingFile | null;
  attempts: number;
  /** The stored message, once an event showed it (the reply may still be lost). */
  stored?: BackendMessage;
  promise: Promise<Message>;
  resolve(message: Message): void;
  reject(error: ChatError): void;
}

/** The outbox: see {@link createSendQueue}. */
export interface SendQueue {
  /** Queues a message whose pending copy is already in the list; resolves with the sent message. */
  send(name: string, id: string, body: string, file: OutgoingFile | null): Promise<Message>;
  /** Resends a failed message with its client id (a pending one returns its promise, a sent one itself). */
  retry(id: string): Promise<Message> | null;
  /** Sends what waits (after connect or a reconnect). */
  resume(): void;
  /**
   * A message the server stored (a live event): when it is the one in flight, its send succeeded
   * even if the reply is lost, so it is not failed (its list may keep no copy to retry).
   */
  seen(message: BackendMessage): void;
  /** Rejects everything with `not_connected` and forgets failed messages (disconnect). */
  clear(): void;
}

const RETRYABLE = new Set(['network', 'not_connected']);
const RECENT = 64;

/**
 * Sends messages one at a time, in order. While the connection is down nothing is sent: messages stay
 * `pending` and go out after the reconnect. A network error keeps the message pending for another try
 * (after a backoff, or after the reconnect); after `options.sendAttempts` tries (default 5) it becomes
 * `failed`. Every other error fails it at once. Each send carries the message's client id, so a
 * retry stores it once.
 */
export function createSendQueue(
  { core, ready, sleeper, options }: EngineContext,
  updates: Pick<StateUpdates, 'messageAdded'>,
): SendQueue {
  const maxAttempts = options.sendAttempts ?? 5;
  const queue: Job[] = [];
  const failed = new Map<string, Job>();
  // The last few messages sent, by id: retryMessage() of one just returns it, even when its list
  // keeps no copy (a channel not loaded keeps no stored message).
  const recent = new Map<string, Message>();
  let running = false;

  const setStatus = (job: Job, status: 'pending' | 'failed', error: ChatError | null): void => {
    core.updateEntry(job.name, (entry) => {
      const messages = updateById(entry.messages, job.id, (m) => ({ ...m, status, error }));
      return messages === entry.messages ? entry : { ...entry, messages };
    });
  };

  const fail = (job: Job, error: ChatError): void => {
    setStatus(job, 'failed', error);
    failed.set(job.id, job);
    job.reject(error);
  };

  const delivered = (job: Job, stored: BackendMessage): void => {
    queue.shift();
    updates.messageAdded(stored);
    // The list may not show it yet (its page or the gap below it is still loading).
    const shown = core.entries.get(job.name)?.messages;
    const copy = shown && findById(shown, job.id);
    const sent = copy?.sid === stored.sid ? copy : toMessage(stored);
    recent.set(job.id, sent);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
    job.resolve(sent);
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (let job = queue[0]; job; job = queue[0]) {
        const backend = ready();
        if (!backend) return; // resumed after the (re)connect
        try {
          const stored = await backend.sendMessage(job.name, {
            clientId: job.id,
            body: job.body,
            file: job.file,
          });
          if (queue[0] !== job) return; // cleared by disconnect meanwhile
          delivered(job, stored);
        } catch (caught) {
          if (queue[0] !== job) return;
          if (job.stored) {
            delivered(job, job.stored);
            continue;
          }
          const error = ChatError.from(caught, 'network');
          job.attempts++;
          if (!RETRYABLE.has(error.code) || job.attempts >= maxAttempts) {
            queue.shift();
            fail(job, error);
          } else if (ready()) {
            // Still "connected": back off before the next try rather than spinning (the first
            // wait is the curve's second step, 0.5 s, as it always was).
            await sleeper.sleep(backoffDelay(REQUEST_BACKOFF, job.attempts));
          }
        }
      }
    } finally {
      running = false;
    }
  };

  const enqueue = (job: Omit<Job, 'promise' | 'resolve' | 'reject'>): Promise<Message> => {
    let resolve!: (message: Message) => void;
    let reject!: (error: ChatError) => void;
    const promise = new Promise<Message>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    queue.push({ ...job, promise, resolve, reject });
    void pump();
    return promise;
  };

  return {
    send: (name, id, body, file) => enqueue({ name, id, body, file, attempts: 0 }),
    retry(id) {
      const sent = recent.get(id);
      if (sent) return Promise.resolve(sent);
      const pending = queue.find((job) => job.id === id);
      if (pending) return pending.promise;
      const job = failed.get(id);
      if (!job) return null;
      failed.delete(id);
      setStatus(job, 'pending', null);
      return enqueue({ name: job.name, id, body: job.body, file: job.file, attempts: 0 });
    },
    resume: () => void pump(),
    seen(message) {
      const job = queue[0];
      if (job && message.clientId === job.id && message.channel === job.name) job.stored = message;
    },
    clear() {
      const error = new ChatError(
        'not_connected',
        process.env.NODE_ENV !== 'production' ? 'disconnect() was called before the message was sent.' : '',
      );
      for (const job of queue.splice(0)) job.reject(error);
      failed.clear();
      recent.clear();
    },
  };
}
