import type { ChatBackend } from './backend.js';
import type { EngineContext } from './engineContext.js';
import { ChatError } from './errors.js';
import type { MessageLoader } from './messageLoader.js';
import { backoffDelay } from './retry.js';
import { unloaded } from './runs.js';
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
 * messages, unread counts); then each channel whose messages the store holds is compared with the
 * version it had when the connection dropped: where it did not change there is nothing to do; a
 * closed channel that changed is simply unloaded (it loads again when opened); the open channel
 * asks what changed in its run (`getChanges` over the run's range: edits, deletions) and then
 * fetches the messages after its run's newest index — a run only grows by messages that join it, so
 * a live message that arrived first cannot hide the ones missed. Only then `connected` and the send
 * queue, so messages written offline go out after what was missed.
 *
 * The versions are taken when the first resync after a drop starts (before any event of the new
 * connection) and kept until a resync succeeds: a resync cut short by another drop leaves them for
 * the next, since the listing already replaced the entries' own.
 *
 * A failed request (a timeout on a slow link) is retried with backoff, staying `reconnecting`,
 * until the resync succeeds or the connection drops again (the next reconnect starts a new one).
 * */
export function createResync(
  { core, policy, sleeper }: EngineContext,
  { updates, loader, onReady }: ResyncParts,
): (session: Session, backend: ChatBackend) => Promise<void> {
  let generation = 0;
  // Per channel holding messages at the drop: its version then (null: the backend has none).
  const before = new Map<string, string | null>();
  return async (session, backend) => {
    const mine = ++generation;
    const stale = (): boolean => session.closed || session.reconnecting || generation !== mine;
    for (const [name, entry] of core.entries) {
      if (entry.loaded && !before.has(name)) before.set(name, entry.version);
    }
    let published: ChatError | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        updates.replaceChannels(await backend.listChannels());
        if (stale()) return;
        const open = core.current;
        let since: string | null | undefined;
        for (const [name, entry] of core.entries) {
          const version = before.get(name);
          if (!entry.loaded || version === undefined || (version !== null && version === entry.version))
            continue;
          if (name === open) since = version;
          else core.setEntry(name, unloaded(entry));
        }
        if (since !== undefined) {
          // Rarely needed (a change while offline to the open channel's run): loaded then, and a
          // failed load is retried like a failed request.
          const { applyChangesSince } = await import('./changes.js').catch((error: unknown) => {
            throw ChatError.from(error, 'network');
          });
          await applyChangesSince(core, backend, open as string, since);
        }
        if (stale()) return;
        before.clear();
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
