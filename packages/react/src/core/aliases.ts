import type { ChatApi, ChatMethods } from './api.js';

/**
 * The seed's misspelled names (`createPrivatChannel`, `getMessage`, `currentChanel`, `privatChannels`),
 * defined here and nowhere else: each is an alias of the correctly spelled name. State aliases are
 * getters, so they can never disagree with the names they alias; all are enumerable, so
 * `chatConnect`'s props (a spread of the API) carry them too.
 */
export function seedAliases(methods: ChatMethods): PropertyDescriptorMap {
  return {
    createPrivatChannel: { value: methods.createPrivateChannel, enumerable: true },
    getMessage: { value: methods.getMessages, enumerable: true },
    currentChanel: {
      enumerable: true,
      get(this: ChatApi) {
        return this.currentChannel;
      },
    },
    privatChannels: {
      enumerable: true,
      get(this: ChatApi) {
        return this.privateChannels;
      },
    },
  };
}
