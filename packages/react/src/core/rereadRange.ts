import type { BackendMessage, ChangesPage, ChangesQuery, ChatBackend } from './backend.js';

/**
 * `getChanges` for a backend that cannot tell what changed after a version (or is given none):
 * every message it has with an index in [`from`..`to`], read through `getMessages` a page at a time
 * from the newest end, answered `complete` (whatever the store holds in the range and is not here
 * is gone). Costs a page per 100 messages held.
 */
export async function rereadRange(
  backend: Pick<ChatBackend, 'getMessages'>,
  name: string,
  { from, to }: ChangesQuery,
): Promise<ChangesPage> {
  const messages: BackendMessage[] = [];
  for (let anchor = to; anchor >= from; ) {
    const page = await backend.getMessages(name, { pageSize: 100, anchor });
    messages.unshift(...page.messages);
    const first = page.messages[0];
    if (!first || !page.hasOlder) break;
    anchor = first.index - 1;
  }
  return { messages, deleted: [], complete: true };
}
