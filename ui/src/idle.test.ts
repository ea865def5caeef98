import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IdleTimer, minutesToMs } from "./idle";

describe("IdleTimer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fires after the timeout without activity", () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(minutesToMs(5), onIdle);
    timer.start();
    vi.advanceTimersByTime(minutesToMs(5) - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(timer.running).toBe(false);
    vi.advanceTimersByTime(minutesToMs(60));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("restarts the countdown on activity", () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(minutesToMs(2), onIdle);
    timer.start();
    vi.advanceTimersByTime(minutesToMs(1.5));
    timer.activity();
    vi.advanceTimersByTime(minutesToMs(1.5));
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(minutesToMs(0.5));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("does nothing after stop, and activity does not start it", () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle);
    timer.activity();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
    timer.start();
    timer.stop();
    timer.activity();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it("takes the timeout given to start and never fires for zero", () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1000, onIdle);
    timer.start(minutesToMs(10));
    vi.advanceTimersByTime(minutesToMs(9));
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(minutesToMs(1));
    expect(onIdle).toHaveBeenCalledTimes(1);
    timer.start(0);
    vi.advanceTimersByTime(minutesToMs(100));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
