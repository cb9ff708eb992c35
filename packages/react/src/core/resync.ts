import type { ChatBackend } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import type { MessageLoader } from './messageLoader.js';
import { backoffDelay } from './retry.js';
import { hasGap, unloaded } from './runs.js';
import type { Session } from './session.js';
import type { StateUpdates } from './stateUpdates.js';

/** The parts a resync drives: see {@link createResync}. */
export interface ResyncParts {
  updates: Pick<StateUpdates, 'replaceChannels'>;
  loader: Pick<MessageLoader, 'catchUp'>;
  /** Connected again and caught up: send what waits. */
  onReady(): void;
}

/**
 * Catching up after a reconnect: the channel list again (channels added or removed meanwhile, last
 * messages, unread counts), then the open channel's messages after its run's newest index — a run
 * only grows by messages that join it, so a live message that arrived first cannot hide the ones
 * missed — while a closed channel whose run fell behind is simply unloaded. Only then `connected`
 * and the send queue, so messages written offline go out after what was missed.
 *
 * A failed request (a timeout on a slow link) is retried with backoff, staying `reconnecting`,
 * until the resync succeeds or the connection drops again (the next reconnect starts a new one).
 */
export function createResync(
  { core, policy, sleeper }: EngineContext,
  { updates, loader, onReady }: ResyncParts,
): (session: Session, backend: ChatBackend) => Promise<void> {
  let generation = 0;
  return async (session, backend) => {
    const mine = ++generation;
    const stale = (): boolean => session.closed || session.reconnecting || generation !== mine;
    let published: ChatError | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        updates.replaceChannels(await backend.listChannels());
        if (stale()) return;
        const open = core.current;
        for (const [name, entry] of core.entries) {
          if (name !== open && hasGap(entry)) core.setEntry(name, unloaded(entry));
        }
        if (open !== null) await loader.catchUp(open);
        break;
      } catch (caught) {
        if (stale()) return;
        published = ChatError.from(caught);
        core.set({ error: published });
        await Promise.race([sleeper.sleep(backoffDelay(policy.backoff, attempt)), session.cancelled]).catch(
          () => {},
        );
        if (stale()) return;
      }
    }
    if (stale()) return;
    // The failure this resync published is over; an error from anything else stays.
    core.set({
      connectionState: 'connected',
      ...(published && core.error === published ? { error: null } : {}),
    });
    onReady();
  };
}
