/**
 * Calls `onIdle` once after `timeoutMs` without `activity()`. The core enforces
 * auto-lock on its own; this timer only makes the window react without waiting
 * for the next command to fail.
 */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(timeoutMs: number = this.timeoutMs): void {
    this.timeoutMs = timeoutMs;
    this.arm();
  }

  /** Records user activity: restarts the countdown if the timer is running. */
  activity(): void {
    if (this.timer !== undefined) this.arm();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.stop();
    if (!(this.timeoutMs > 0)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onIdle();
    }, this.timeoutMs);
  }
}

export function minutesToMs(minutes: number): number {
  return Math.max(0, minutes) * 60_000;
}
