/**
 * @module A synchronous typed publish/subscribe channel. Publishers never wait for subscribers and
 * never see their errors: a subscriber that throws is reported to `onListenerError` and the others
 * still get the event, so a broken dashboard or notifier can never stop an update.
 */

export type Listener<E> = (event: E) => void;

/** The publishing side, handed to producers (the update engine). */
export interface EventSink<E> {
  emit(event: E): void;
}

export interface EventBus<E> extends EventSink<E> {
  /** Calls `listener` for every later event; returns the function that unsubscribes it. */
  subscribe(listener: Listener<E>): () => void;
}

export function createEventBus<E>(onListenerError: (error: unknown) => void = () => undefined): EventBus<E> {
  const listeners = new Set<Listener<E>>();
  return {
    emit(event) {
      // A copy: a listener may unsubscribe itself (or another) while the event is delivered.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** A sink that drops everything: for producers nobody listens to (tests, one-off tools). */
export const discardEvents: EventSink<never> = { emit: () => undefined };
