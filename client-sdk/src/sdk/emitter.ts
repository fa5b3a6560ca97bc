// A tiny event emitter (mitt-style) for `on(event, fn)`; a listener that throws never breaks the SDK.

export type Listener = (payload: unknown) => void;

export function emitter() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    on(event: string, fn: Listener): () => void {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return () => listeners.get(event)?.delete(fn);
    },
    emit(event: string, payload?: unknown): void {
      for (const fn of listeners.get(event) ?? []) {
        try {
          fn(payload);
        } catch {
          // a page's listener must not stop the SDK or the other listeners
        }
      }
    },
  };
}
