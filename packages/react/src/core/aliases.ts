import type { ChatApi, ChatMethods, SeedAliases } from './api.js';

/**
 * The seed's misspelled names (`createPrivatChannel`, `getMessage`, `currentChanel`, `privatChannels`),
 * defined here and nowhere else: each is an alias of the correctly spelled name. State aliases are
 * getters, so they can never disagree with the names they alias; all are enumerable, so
 * `chatConnect`'s props carry them too.
 */
export function defineSeedAliases(api: Omit<ChatApi, keyof SeedAliases>, methods: ChatMethods): ChatApi {
  return Object.defineProperties(api, {
    createPrivatChannel: { value: methods.createPrivateChannel, enumerable: true },
    getMessage: { value: methods.getMessages, enumerable: true },
    currentChanel: { get: () => api.currentChannel, enumerable: true },
    privatChannels: { get: () => api.privateChannels, enumerable: true },
  }) as ChatApi;
}
