import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, throttle } from "./timing";

describe("throttle (touch)", () => {
  it("calls at most once per interval", () => {
    let now = 1_000_000;
    const fn = vi.fn();
    const touch = throttle(fn, 30_000, () => now);
    touch();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 29; i++) {
      now += 1000;
      touch();
    }
    expect(fn).toHaveBeenCalledTimes(1);
    now += 1000; // 30 s after the first call
    touch();
    expect(fn).toHaveBeenCalledTimes(2);
    touch();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("lets the next call through after reset", () => {
    const now = 0;
    const fn = vi.fn();
    const touch = throttle(fn, 30_000, () => now);
    touch();
    touch();
    touch.reset();
    touch();
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once, with the last arguments, after a quiet period", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d("a");
    vi.advanceTimersByTime(100);
    d("ab");
    vi.advanceTimersByTime(100);
    d("abc");
    vi.advanceTimersByTime(149);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith("abc");
  });

  it("can be cancelled", () => {
    const fn = vi.fn();
    const d = debounce(fn, 150);
    d();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});
