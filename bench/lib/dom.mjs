// A browser-like global environment for the React scenarios: jsdom's window on globalThis, and a
// React DevTools hook that counts commits (production react-dom calls `onCommitFiberRoot` on every
// commit). Must run before react-dom is imported.
import { JSDOM } from 'jsdom';

export function installDom() {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const { window } = dom;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in globalThis || key.startsWith('_')) continue;
    try {
      globalThis[key] = window[key];
    } catch {
      // A few window properties are getters bound to the window: skipping them is harmless here.
    }
  }
  globalThis.window = window;
  globalThis.document = window.document;
  Object.defineProperty(globalThis, 'navigator', { value: window.navigator, configurable: true });

  const commits = { count: 0, waiters: new Set() };
  globalThis.__benchCommits = commits;
  globalThis.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    inject: () => 1,
    onCommitFiberRoot() {
      commits.count++;
      const waiters = [...commits.waiters];
      commits.waiters.clear();
      for (const resolve of waiters) resolve();
    },
    onPostCommitFiberRoot() {},
    onCommitFiberUnmount() {},
    setStrictMode() {},
  };
  return () => window.close();
}
