// Small timing helpers, written against injectable clocks so they are testable.

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
}

/** Runs `fn` once `waitMs` have passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, waitMs);
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}

export interface Throttled {
  (): void;
  /** Forget the last call, so the next one goes through at once. */
  reset(): void;
}

/**
 * Calls `fn` at most once per `intervalMs` (leading edge; calls inside the
 * interval are dropped). Used for `touch`: the core only needs to know the
 * user was active recently, not every keystroke.
 */
export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last: number | undefined;
  const throttled = () => {
    const time = now();
    if (last !== undefined && time - last < intervalMs) return;
    last = time;
    fn();
  };
  throttled.reset = () => {
    last = undefined;
  };
  return throttled;
}
