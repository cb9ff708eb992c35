/** The part of a Twilio paginator needed to walk it forward. */
export interface ForwardPage<T> {
  items: T[];
  hasNextPage: boolean;
  nextPage(): Promise<ForwardPage<T>>;
}

/**
 * Collects the items of every page. Twilio paginators return one page (`getSubscribedConversations`
 * gives 50 at most); reading only `items` silently drops the user's other channels.
 */
export async function walkPages<T>(first: ForwardPage<T>): Promise<T[]> {
  const items = [...first.items];
  let page = first;
  while (page.hasNextPage) {
    page = await page.nextPage();
    items.push(...page.items);
  }
  return items;
}
