import type { ChatBackend } from './backend.js';
import type { ChatCore } from './ChatCore.js';
import { ChatError } from './errors.js';
import { newestStoredIndex } from './messages.js';
import type { Reducers } from './reducers.js';
import { assertOpen, type Session } from './session.js';

/**
 * Catching up after a reconnect: the channel list again (channels added or removed meanwhile), then
 * every message after the last known index of each channel whose messages are loaded — merged by
 * index without duplicates, so the list has no gap — and only then `connected` and the send queue,
 * so messages written offline go out after what was missed.
 */
export function createResync(
  core: ChatCore,
  reducers: Reducers,
  onReady: () => void,
): (session: Session, backend: ChatBackend) => Promise<void> {
  return async (session, backend) => {
    try {
      reducers.replaceChannels(await backend.listChannels());
      assertOpen(session);
      const loaded = [...core.entries].filter(([, entry]) => entry.loaded);
      const pages = await Promise.all(
        loaded.map(([name, entry]) =>
          backend.getMessagesAfter(name, newestStoredIndex(entry.messages) ?? -1),
        ),
      );
      assertOpen(session);
      for (const page of pages) for (const message of page) reducers.messageAdded(message);
    } catch (caught) {
      if (!session.closed) core.set({ error: ChatError.from(caught) });
    }
    if (session.closed || session.reconnecting) return;
    core.set({ connectionState: 'connected' });
    onReady();
  };
}
