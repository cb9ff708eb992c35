type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

/**
 * `on(event, listener)` as one overload per event of `Events`. An SDK's generic
 * `on<E extends keyof AllEvents>(event: E, listener: AllEvents[E])` is assignable to it when every
 * listed event has the listed listener shape, which is what the type check of the SDK proves.
 */
export type ListenerOverloads<Events> = UnionToIntersection<
  { [E in keyof Events]: (event: E, listener: Events[E]) => unknown }[keyof Events]
>;
