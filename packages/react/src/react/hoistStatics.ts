/** Statics React itself reads, or every function has: never copied onto the wrapper. */
const SKIP = new Set<string | symbol>([
  // React
  '$$typeof',
  'childContextTypes',
  'compare',
  'contextType',
  'contextTypes',
  'defaultProps',
  'displayName',
  'getDefaultProps',
  'getDerivedStateFromError',
  'getDerivedStateFromProps',
  'mixins',
  'propTypes',
  'render',
  'type',
  // JavaScript
  'arguments',
  'arity',
  'callee',
  'caller',
  'length',
  'name',
  'prototype',
]);

/**
 * Copies a component's own non-React statics (e.g. `Inbox.Header`, a `fetchData` method) onto its
 * wrapper, like react-redux's `connect` does with hoist-non-react-statics (written here: no dependency).
 */
export function hoistStatics<T extends object>(target: T, source: object): T {
  for (const key of Reflect.ownKeys(source)) {
    if (SKIP.has(key) || Object.hasOwn(target, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(source, key);
    try {
      if (descriptor) Object.defineProperty(target, key, descriptor);
    } catch {
      // A non-configurable property of the wrapper: keeping the wrapper's own is the right outcome.
    }
  }
  return target;
}
