import type { ChatMethods } from './api.js';
import type { EngineContext } from './engineContext.js';
import type { MessageLoader } from './messageLoader.js';
import type { ReadHorizon } from './readHorizon.js';
import { keepPage } from './runs.js';
import type { Message } from './types.js';
import { validatePage } from './validate.js';

/** The methods this file implements (the engine checks that, with the others, they are every method). */
type ChannelMethods = Pick<ChatMethods, 'setCurrentChannel' | 'getMessages' | 'markRead'>;

/** The parts built before the channel actions that they use. */
export interface ChannelActionParts {
  readHorizon: ReadHorizon;
  loader: MessageLoader;
}

/**
 * Opening a channel, its history and reading it: the channel methods every chat screen calls (the
 * others, which create, join, leave and manage channels, load with manageActions.ts). Validation
 * always comes before any backend call.
 */
export function createChannelActions(
  { core, requireBackend, requireChannel }: EngineContext,
  { readHorizon, loader }: ChannelActionParts,
): ChannelMethods {
  const getMessages = async (name: string, pageSize = 30, anchor?: number): Promise<Message[]> => {
    const backend = requireBackend();
    validatePage(pageSize, anchor);
    requireChannel(name);
    return loader.page(backend, name, pageSize, anchor);
  };

  const setCurrentChannel = (name: string | null): void => {
    const left = core.current;
    if (name === null) {
      readHorizon.switchTo(null);
      core.set({ current: null });
    } else {
      requireBackend();
      const entry = requireChannel(name);
      readHorizon.switchTo(name);
      core.set({ current: name });
      if (entry.channel.unreadCount !== 0) {
        core.setEntry(name, { ...entry, channel: { ...entry.channel, unreadCount: 0 } });
      }
      // Loads the newest page (or what is missing above the run), then reads up to the newest.
      void loader.fill(name).then(() => readHorizon.soon(name));
    }
    // A channel left keeps only its newest page: a closed channel does not grow with its traffic.
    if (left !== null && left !== name) core.updateEntry(left, keepPage);
  };

  return {
    setCurrentChannel,

    getMessages,

    markRead: async (name) => {
      requireBackend();
      requireChannel(name);
      await readHorizon.now(name);
    },
  };
}
