// The naive alternative, as the original description designed it: one React Context whose value is
// the whole chat state (plus methods), replaced on every change. Every consumer re-renders on every
// change, whatever part of the state it shows. Written here only to be measured against @chat/react.
import { createContext, useContext, useMemo, useState } from 'react';
import { initialNaiveState, naiveReduce } from './naiveReducer.mjs';

export const NaiveChatContext = createContext(null);

/** The whole chat: state and methods, as every consumer of the context receives it. */
export const useNaiveChat = () => useContext(NaiveChatContext);

/**
 * Holds the chat state in React state. `apiRef.current` receives the context value on every render
 * (the bench drives the methods from outside React); `onRender` counts this component's renders.
 */
export function NaiveChatProvider({ backend, apiRef, onRender, children }) {
  const [state, setState] = useState(initialNaiveState);
  const methods = useMemo(() => {
    const dispatch = (event) => setState((s) => naiveReduce(s, event));
    return {
      async connect(getToken, user) {
        await backend.connect(await getToken(), dispatch);
        dispatch({ type: 'connected', user });
        dispatch({ type: 'channelsListed', channels: await backend.listChannels() });
      },
      async getMessages(name, pageSize = 30) {
        const page = await backend.getMessages(name, { pageSize });
        dispatch({ type: 'page', name, messages: page.messages });
      },
      setCurrentChannel(name) {
        dispatch({ type: 'current', name });
      },
      disconnect: () => backend.shutdown(),
    };
  }, [backend]);
  onRender?.();
  const value = { ...state, ...methods };
  if (apiRef) apiRef.current = value;
  return <NaiveChatContext.Provider value={value}>{children}</NaiveChatContext.Provider>;
}
