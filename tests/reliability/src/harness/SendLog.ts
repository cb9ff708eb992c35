import type { ChatError, Message } from '@chat/react';
import type { ChatUser } from './ChatUser.js';
import { waitUntil } from './eventually.js';

/** One message a user sent, and what became of it. */
export interface SentRecord {
  user: ChatUser;
  channel: string;
  /** Unique across the test, so that a message stored twice shows as a repeated body. */
  body: string;
  outcome: 'pending' | 'sent' | 'failed';
  /** The message `sendMessage` (or `retryMessage`) resolved with. */
  message: Message | null;
  error: ChatError | null;
  /** True when it failed and `retryMessage` delivered it. */
  retried: boolean;
  /** Bodies its author tried to edit it to, in order (each unique in the test). */
  edits: string[];
  /** Whether the last edit tried resolved (then the server must hold that body). */
  lastEditResolved: boolean;
  /** null: never deleted; 'tried': `deleteMessage` rejected (it may have landed); 'done': resolved. */
  deletion: null | 'tried' | 'done';
  /** An edit or deletion in flight: nothing else is tried on it meanwhile. */
  busy: boolean;
}

/** Every message sent during a test, with the outcome of its promise. */
export class SendLog {
  readonly records: SentRecord[] = [];
  /** Retries that failed and were pressed again (the connection dropped under them). */
  readonly retryErrors: string[] = [];
  #serial = 0;

  /** Sends a unique text from `user` into `channel`; never throws (the outcome is recorded). */
  send(user: ChatUser, channel: string, tag = 'm'): SentRecord {
    const body = `${user.identity} ${tag} #${++this.#serial}`;
    const record: SentRecord = {
      user,
      channel,
      body,
      outcome: 'pending',
      message: null,
      error: null,
      retried: false,
      edits: [],
      lastEditResolved: false,
      deletion: null,
      busy: false,
    };
    this.records.push(record);
    user.api.sendMessage(channel, body).then(
      (message) => {
        record.outcome = 'sent';
        record.message = message;
      },
      (error: ChatError) => {
        record.outcome = 'failed';
        record.error = error;
      },
    );
    return record;
  }

  /**
   * The author edits a message of theirs that `sendMessage` resolved (as a user fixing a typo in the
   * list on screen) to a new unique body; never throws (the outcome is recorded).
   */
  async edit(record: SentRecord): Promise<void> {
    const body = `${record.body} edit ${record.edits.length + 1}`;
    record.edits.push(body);
    record.busy = true;
    try {
      await record.user.api.editMessage(record.message!.id, body);
      record.lastEditResolved = true;
    } catch {
      record.lastEditResolved = false;
    } finally {
      record.busy = false;
    }
  }

  /** The author deletes a message of theirs that `sendMessage` resolved; never throws. */
  async delete(record: SentRecord): Promise<void> {
    record.busy = true;
    try {
      await record.user.api.deleteMessage(record.message!.id);
      record.deletion = 'done';
    } catch {
      record.deletion ??= 'tried';
    } finally {
      record.busy = false;
    }
  }

  count(outcome: SentRecord['outcome']): number {
    return this.records.filter((record) => record.outcome === outcome).length;
  }

  /** Waits until no send is pending any more (bounded). */
  settled(timeoutMs = 30_000): Promise<void> {
    return waitUntil(
      () => this.count('pending') === 0,
      `every send settled (${this.count('pending')} still pending)`,
      { timeoutMs },
    );
  }

  /**
   * Retries every failed message with `retryMessage`, as a user pressing "retry" would: finds its
   * id in the channel's list (opening the channel when it is not the open one, scrolling up when a
   * copy the server stored meanwhile shows it sent above the newest page), then awaits it.
   */
  async retryFailed(): Promise<number> {
    let retried = 0;
    for (const record of this.records) {
      if (record.outcome !== 'failed') continue;
      const { user, channel, body } = record;
      // A user presses retry once the app shows the connection is back.
      await waitUntil(() => user.api.connectionState === 'connected', `${user.identity} is connected`);
      const before = user.api.currentChannel?.name ?? null;
      if (before !== channel) user.api.setCurrentChannel(channel);
      const find = () => user.api.messages.find((m) => m.body === body && m.status !== 'pending');
      // Its stored copy may have turned up since (the server stored it before dying): then it shows
      // as sent, perhaps above the newest page, where a user would scroll up to find it.
      const newest = () => user.api.currentChannel?.lastMessage?.index ?? -1;
      await waitUntil(
        () => find() !== undefined || user.api.messages.some((m) => m.index === newest()),
        `the failed message "${body}" or the newest page is in ${user.identity}'s list of ${channel}`,
      );
      for (let page = 0; !find() && user.api.currentChannel?.hasOlderMessages && page < 100; page++) {
        const oldest = user.api.messages.find((m) => m.index !== null)?.index ?? 0;
        if (oldest === 0) break;
        await user.api.getMessages(channel, 100, oldest - 1).catch(() => {});
      }
      await waitUntil(
        () => find() !== undefined,
        `the failed message "${body}" is in ${user.identity}'s list of ${channel}`,
      );
      const shown = find()!;
      let message: Message | null = null;
      for (let attempt = 1; !message; attempt++) {
        try {
          message = await user.api.retryMessage(shown.id);
        } catch (error) {
          // The link can drop again under the retry (carol's store tries once): press retry again.
          this.retryErrors.push(`${user.identity} "${body}" (${user.api.connectionState}): ${String(error)}`);
          if (attempt >= 3) throw error;
          await waitUntil(() => user.api.connectionState === 'connected', `${user.identity} is connected`);
        }
      }
      Object.assign(record, { outcome: 'sent', message, error: null, retried: true });
      retried++;
      if (before !== channel) user.api.setCurrentChannel(before);
    }
    return retried;
  }
}
