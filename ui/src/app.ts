// The screen controller: decides which view is shown and owns the session,
// the idle timer, the lock shortcut and the activity reports to the core.
import type { LockReason } from "./bindings/LockReason";
import type { SessionInfo } from "./bindings/SessionInfo";
import { h } from "./dom";
import { errorMessage } from "./errors";
import { t } from "./i18n";
import { IdleTimer, minutesToMs } from "./idle";
import { ipc, onLockedError, toIpcError } from "./ipc";
import { isLockChord } from "./keys";
import { throttle } from "./timing";
import { canReport, dashboardView } from "./views/dashboard";
import { firstRunView } from "./views/firstRun";
import { recoveryView } from "./views/recovery";
import { reportView } from "./views/report";
import { unlockView } from "./views/unlock";
import { card, type View } from "./views/view";

export const TOUCH_INTERVAL_MS = 30_000;
/** Besides keydown, which also carries the lock shortcut. */
const POINTER_EVENTS = ["pointerdown", "wheel"] as const;

export class App {
  private view: View | null = null;
  private session: SessionInfo | null = null;
  /** Pre-filled on the unlock screen. A login name, not a secret. */
  private lastUserName = "";
  private readonly idle = new IdleTimer(0, () => this.lock("idle"));
  private readonly touch = throttle(() => this.sendTouch(), TOUCH_INTERVAL_MS);

  constructor(private readonly root: HTMLElement) {}

  async start(): Promise<void> {
    onLockedError(() => this.lockedByCore("idle"));
    window.addEventListener("keydown", this.onKeyDown, { capture: true });
    for (const type of POINTER_EVENTS) {
      window.addEventListener(type, this.onActivity, { capture: true, passive: true });
    }
    await this.route();
  }

  /** Removes listeners and timers (used by tests; the window never needs it). */
  destroy(): void {
    window.removeEventListener("keydown", this.onKeyDown, { capture: true });
    for (const type of POINTER_EVENTS) window.removeEventListener(type, this.onActivity, { capture: true });
    onLockedError(null);
    this.idle.stop();
    this.session = null;
    this.view?.dispose();
    this.view = null;
    this.root.replaceChildren();
  }

  private async route(): Promise<void> {
    this.root.setAttribute("aria-busy", "true");
    try {
      const state = await ipc.vaultState();
      if (state.state === "missing") this.showFirstRun();
      else if (state.state === "locked") this.showUnlock();
      else this.enterSession(state.session);
    } catch (e) {
      this.showStartError(errorMessage(toIpcError(e)));
    } finally {
      this.root.removeAttribute("aria-busy");
    }
  }

  private show(view: View): void {
    this.view?.dispose();
    this.view = view;
    this.root.replaceChildren(view.root);
    view.focus();
  }

  private showFirstRun(): void {
    this.show(firstRunView({ onCreated: (key, adminName) => this.showRecovery(key, adminName) }));
  }

  private showRecovery(recoveryKey: string, adminName: string): void {
    this.lastUserName = adminName;
    this.show(recoveryView(recoveryKey, { onContinue: () => this.showUnlock() }));
  }

  private showUnlock(notice?: string): void {
    this.show(unlockView({ userName: this.lastUserName, notice }, { onUnlocked: (s) => this.enterSession(s) }));
  }

  private showStartError(message: string): void {
    const retry = h("button", { id: "retry", class: "button button-primary", text: t("app.retry"), attrs: { type: "button" } });
    retry.addEventListener("click", () => void this.route());
    const root = card("start-error", t("app.startFailed"), [
      h("p", { class: "form-alert", text: message, attrs: { role: "alert" } }),
      h("div", { class: "actions" }, [retry]),
    ]);
    this.show({ root, focus: () => retry.focus(), dispose: () => {} });
  }

  private enterSession(session: SessionInfo): void {
    this.session = session;
    this.lastUserName = session.userName;
    this.showDashboard();
    this.idle.start(minutesToMs(session.autoLockMinutes));
    this.touch.reset();
    ipc.watchLock((event) => this.lockedByCore(event.reason)).catch((e) => {
      console.warn("watch_lock failed", toIpcError(e).kind);
    });
  }

  private showDashboard(): void {
    if (!this.session) return;
    this.show(dashboardView(this.session, { onLock: () => this.lock("manual"), onOpenReport: () => this.showReport() }));
  }

  /** The indicator report, for supervisors (the core checks the role again). */
  private showReport(): void {
    if (!this.session || !canReport(this.session)) return;
    this.show(reportView(this.session, { onLock: () => this.lock("manual"), onBack: () => this.showDashboard() }));
  }

  /** Clears the screen at once, then asks the core to lock. */
  lock(reason: LockReason): void {
    if (!this.session) return;
    this.leaveSession(reason);
    ipc.lock().catch((e) => {
      const error = toIpcError(e);
      if (error.kind !== "locked") console.error("lock failed", error.kind);
    });
  }

  /** The core locked on its own (LockEvent or a command failing with "locked"). */
  private lockedByCore(reason: LockReason): void {
    if (this.session) this.leaveSession(reason);
  }

  private leaveSession(reason: LockReason): void {
    this.session = null;
    this.idle.stop();
    this.touch.reset();
    this.showUnlock(reason === "idle" ? t("unlock.lockedIdle") : undefined);
  }

  private sendTouch(): void {
    ipc.touch().catch((e) => {
      // "locked" is handled by the ipc layer (it shows the unlock screen).
      const error = toIpcError(e);
      if (error.kind !== "locked") console.warn("touch failed", error.kind);
    });
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (!this.session) return;
    if (isLockChord(event)) {
      event.preventDefault();
      event.stopPropagation();
      this.lock("manual");
      return;
    }
    this.onActivity();
  };

  private readonly onActivity = (): void => {
    if (!this.session) return;
    this.idle.activity();
    this.touch();
  };
}
