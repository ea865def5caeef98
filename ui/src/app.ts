// The screen controller: decides which view is shown and owns the session,
// the idle timer, the lock shortcut and the activity reports to the core.
import type { LockReason } from "./bindings/LockReason";
import type { SessionInfo } from "./bindings/SessionInfo";
import { errorMessage } from "./errors";
import { t } from "./i18n";
import { IdleTimer, minutesToMs } from "./idle";
import { ipc, onLockedError, toIpcError } from "./ipc";
import { isLockChord } from "./keys";
import { throttle } from "./timing";
import { loadVocabularies } from "./vocab";
import { boardView } from "./views/board";
import { caseFileView, type CaseFileOptions } from "./views/caseFile";
import { casesView, type CasesState } from "./views/cases";
import { intakeView } from "./views/intake";
import { applyLanguage, LANGUAGE_EVENT, redrawKeeping } from "./views/language";
import { accountView } from "./views/account";
import { agencyView } from "./views/agency";
import { auditView } from "./views/audit";
import { backupView } from "./views/backup";
import { dashboardView } from "./views/dashboard";
import { firstRunView } from "./views/firstRun";
import { recoveryView } from "./views/recovery";
import { referralsView } from "./views/referrals";
import { consolidationView } from "./views/consolidation";
import { relayView } from "./views/relay";
import { releasesView } from "./views/releases";
import { reportView } from "./views/report";
import { restoreView } from "./views/restore";
import { retentionView } from "./views/retention";
import { rotatedView, rotatingView } from "./views/rotated";
import { settingsView } from "./views/settings";
import { unlockView } from "./views/unlock";
import { usersView } from "./views/users";
import { vaultCheckView } from "./views/vaultCheck";
import type { IntegrityReport } from "./bindings/IntegrityReport";
import { startErrorView } from "./views/startError";
import type { View } from "./views/view";
import type { ScreenDeps } from "./views/screen";
import { canManage, canReport, canSeeCases, isAdmin } from "./permissions";

export const TOUCH_INTERVAL_MS = 30_000;
/** Besides keydown, which also carries the lock shortcut. */
const POINTER_EVENTS = ["pointerdown", "wheel"] as const;

export class App {
  private view: View | null = null;
  /** Draws the current screen again (after a language change); null where there is no switch. */
  private redraw: (() => void) | null = null;
  private session: SessionInfo | null = null;
  private vocabularies: Promise<void> | null = null;
  /** Pre-filled on the unlock screen. A login name, not a secret. */
  private lastUserName = "";
  private readonly idle = new IdleTimer(0, () => this.lock("idle"));
  private readonly touch = throttle(() => this.sendTouch(), TOUCH_INTERVAL_MS);

  constructor(private readonly root: HTMLElement) {}

  async start(): Promise<void> {
    onLockedError(() => this.lockedByCore("idle"));
    this.root.addEventListener(LANGUAGE_EVENT, this.onLanguageChosen);
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
    this.root.removeEventListener(LANGUAGE_EVENT, this.onLanguageChosen);
    this.redraw = null;
    this.idle.stop();
    this.session = null;
    this.view?.dispose();
    this.view = null;
    this.root.replaceChildren();
  }

  private async route(): Promise<void> {
    this.root.setAttribute("aria-busy", "true");
    try {
      // The word lists come with the first screen: every form offers its options from them.
      const [state] = await Promise.all([ipc.vaultState(), this.loadVocabularies()]);
      if (state.state === "missing") this.showFirstRun();
      else if (state.state === "locked") this.showUnlock();
      else this.enterSession(state.session);
    } catch (e) {
      this.showStartError(errorMessage(toIpcError(e)));
    } finally {
      this.root.removeAttribute("aria-busy");
    }
  }

  /** The core's word lists, asked for once (again only after a failed attempt). */
  private loadVocabularies(): Promise<void> {
    this.vocabularies ??= loadVocabularies(ipc).catch((e: unknown) => {
      this.vocabularies = null;
      throw e;
    });
    return this.vocabularies;
  }

  /** `redraw` shows the same screen again, e.g. in another language. */
  private show(view: View, redraw: (() => void) | null = null): void {
    this.view?.dispose();
    this.view = view;
    this.redraw = redraw;
    this.root.replaceChildren(view.root);
    view.focus();
  }

  private showFirstRun(): void {
    this.show(
      firstRunView({
        onCreated: (key, adminName) => this.showRecovery(key, adminName),
        onRestoreChosen: (file) => this.showRestore(file),
      }),
      () => this.showFirstRun(),
    );
  }

  /** Restoring the backup `file` (only while there is no vault; the core checks that too). */
  private showRestore(file: string, register: string | null = null): void {
    const view = restoreView(file, {
      onBack: () => this.showFirstRun(),
      onRestored: (notice, userName) => {
        if (userName) this.lastUserName = userName;
        this.showUnlock(notice);
      },
    }, register);
    this.show(view, () => this.showRestore(view.file(), view.register()));
  }

  private showRecovery(recoveryKey: string, adminName: string): void {
    this.lastUserName = adminName;
    this.show(recoveryView(recoveryKey, { onContinue: () => this.showUnlock() }));
  }

  /** `notice` is a function so that it follows a language change. */
  private showUnlock(notice?: () => string, noticeIsError = false): void {
    this.show(
      unlockView({ userName: this.lastUserName, notice: notice?.(), noticeIsError }, { onUnlocked: (s) => this.enterSession(s) }),
      () => this.showUnlock(notice, noticeIsError),
    );
  }

  private showStartError(message: string): void {
    this.show(startErrorView(message, () => void this.route()));
  }

  private enterSession(session: SessionInfo): void {
    this.session = session;
    this.lastUserName = session.userName;
    // The user's remembered language, if any; otherwise the one in use stays.
    if (session.language) applyLanguage(session.language);
    this.showDashboard();
    this.idle.start(minutesToMs(session.autoLockMinutes));
    this.touch.reset();
    ipc.watchLock((event) => this.lockedByCore(event.reason)).catch((e) => {
      console.warn("watch_lock failed", toIpcError(e).kind);
    });
  }

  private showDashboard(): void {
    if (!this.session) return;
    this.show(
      dashboardView(this.session, {
        onLock: () => this.lock("manual"),
        onOpenReport: () => this.showReport(),
        onOpenUsers: () => this.showUsers(),
        onOpenAudit: () => this.showAudit(),
        onOpenSettings: () => this.showAdminScreen(settingsView),
        onOpenRetention: () => this.showAdminScreen(retentionView),
        onOpenBackup: () => this.showAdminScreen(backupView),
        onOpenVaultCheck: () => this.showVaultCheck(),
        onChangePassphrase: () => this.showAccount(),
        onOpenCases: () => this.showCases(),
        onOpenIntake: () => this.showIntake(null),
        onOpenBoard: () => this.showBoard(),
        onOpenCase: (code) => this.showCaseFile(code, () => this.showDashboard(), { tab: "consent" }),
        onOpenRecentCase: (code) => this.showCaseFile(code, () => this.showDashboard()),
        onOpenReferrals: () => this.showReferrals(),
        onOpenAgency: () => this.showAgency(),
        onOpenRelay: () => this.showAdminScreen(relayView),
        onOpenReleases: () => this.showAdminScreen(releasesView),
        onOpenConsolidation: () => this.showConsolidation(),
      }),
      () => this.showDashboard(),
    );
  }

  /** What every screen below the dashboard gets: lock, back, "Change my passphrase". */
  private screenDeps() {
    return {
      onLock: () => this.lock("manual"),
      onBack: () => this.showDashboard(),
      onChangePassphrase: () => this.showAccount(),
    };
  }

  /** The indicator report, for supervisors (the core checks the role again). */
  private showReport(): void {
    if (!this.session || !canReport(this.session)) return;
    this.show(reportView(this.session, this.screenDeps()), () => this.showReport());
  }

  /** Consolidated counts, or (`report`) the consolidated report, whose "Back" returns there. */
  private showConsolidation(report = false): void {
    if (!this.session || !canReport(this.session)) return;
    const deps = { ...this.screenDeps(), onOpenReport: () => this.showConsolidation(true) };
    const view = report ? reportView(this.session, { ...deps, onBack: () => this.showConsolidation(), consolidated: true }) : consolidationView(this.session, deps);
    this.show(view, () => this.showConsolidation(report));
  }

  // ---- Cases (the core checks every role again) ----------------------------------------

  /** The case list; `state` restores the search when coming back from a case file. */
  private showCases(state?: CasesState): void {
    if (!this.session || !canSeeCases(this.session)) return;
    const view = casesView(
      this.session,
      {
        ...this.screenDeps(),
        onOpenCase: (code, now) => this.showCaseFile(code, () => this.showCases(now)),
        onNewIntake: (now) => this.showIntake(now),
      },
      state,
    );
    this.show(view, () => this.showCases(view.state()));
  }

  /** The intake form; `from` is the list's state when opened from there, null from the dashboard. */
  private showIntake(from: CasesState | null): void {
    if (!this.session || !canManage(this.session)) return;
    const back = from ? () => this.showCases(from) : () => this.showDashboard();
    this.show(
      intakeView(this.session, {
        ...this.screenDeps(),
        onBack: back,
        onCreated: (code, options) => this.showCaseFile(code, back, options),
      }),
      () => this.showIntake(from),
    );
  }

  /** A case file; "Back" returns to where the user came from. */
  private showCaseFile(code: string, back: () => void, options: CaseFileOptions = {}): void {
    if (!this.session || !canSeeCases(this.session)) return;
    const view = caseFileView(this.session, code, { ...this.screenDeps(), onBack: back }, options);
    this.show(view, () => this.showCaseFile(code, back, { tab: view.tab() }));
  }

  /** Who is in each shelter today; rows open case files (the core checks every role again). */
  private showBoard(): void {
    if (!this.session || !canSeeCases(this.session)) return;
    const back = () => this.showBoard();
    this.show(
      boardView(this.session, {
        ...this.screenDeps(),
        onOpenCase: (code) => this.showCaseFile(code, back),
        onDischarge: canManage(this.session)
          ? (code, stayIndex) => this.showCaseFile(code, back, { tab: "stays", focusId: `stay-${stayIndex}-discharged-on` })
          : undefined,
        onOpenCases: () => this.showCases(),
      }),
      () => this.showBoard(),
    );
  }

  /** The referral packets, outbox and inbox; their rows open case files. */
  private showReferrals(): void {
    if (!this.session || !canSeeCases(this.session)) return;
    const back = () => this.showReferrals();
    this.show(
      referralsView(this.session, {
        ...this.screenDeps(),
        onOpenCase: (code) => this.showCaseFile(code, back),
        onOpenPartners: () => this.showAgency(back),
      }),
      back,
    );
  }

  /** Agency and partners: administrators, and read-only for users who read cases. */
  private showAgency(back: () => void = () => this.showDashboard()): void {
    if (!this.session || !(isAdmin(this.session) || canSeeCases(this.session))) return;
    this.show(agencyView(this.session, { ...this.screenDeps(), onBack: back }), () => this.showAgency(back));
  }

  /** "Change my passphrase", for everyone signed in. */
  private showAccount(): void {
    if (!this.session) return;
    this.show(accountView(this.session, { onLock: () => this.lock("manual"), onBack: () => this.showDashboard() }), () => this.showAccount());
  }

  // ---- The administrator's screens (the core checks the role again) ----------------------

  private showUsers(): void {
    if (!this.session || !isAdmin(this.session)) return;
    this.show(
      usersView(this.session, {
        ...this.screenDeps(),
        onRecoveryKeyReplaced: (key) => this.showReplacedRecoveryKey(key),
        onRotate: (passphrase) => void this.rotateDataKey(passphrase),
      }),
      () => this.showUsers(),
    );
  }

  private showAudit(): void {
    if (!this.session || !isAdmin(this.session)) return;
    this.show(auditView(this.session, { ...this.screenDeps(), onOpenVaultCheck: () => this.showVaultCheck(() => this.showAudit()) }), () => this.showAudit());
  }

  /** The check of the whole vault; "Back" returns to where it was opened from. */
  private showVaultCheck(back: () => void = () => this.showDashboard(), shown: IntegrityReport | null = null): void {
    if (!this.session || !isAdmin(this.session)) return;
    const view = vaultCheckView(
      this.session,
      {
        ...this.screenDeps(),
        onBack: back,
        // The dashboard's notice follows what the last check found.
        onKeyFileState: (changed) => {
          if (this.session) this.session = { ...this.session, keyFileChanged: changed };
        },
      },
      shown,
    );
    this.show(view, () => this.showVaultCheck(back, view.report()));
  }

  /** Settings, retention, backup, the relay, releases: a screen of `make`'s (the core checks the role again). */
  private showAdminScreen(make: (session: SessionInfo, deps: ScreenDeps) => View): void {
    if (!this.session || !isAdmin(this.session)) return;
    this.show(make(this.session, this.screenDeps()), () => this.showAdminScreen(make));
  }

  /** The new recovery key, once; then back to the users. */
  private showReplacedRecoveryKey(recoveryKey: string): void {
    if (!this.session) return;
    this.show(
      recoveryView(
        recoveryKey,
        { onContinue: () => this.showUsers() },
        { id: "recovery-replaced", title: t("users.replacedTitle"), intro: t("users.replacedIntro"), continueText: t("users.replacedContinue") },
      ),
    );
  }

  /**
   * Re-encrypts the vault under a new data key. The core ends the session with it, whether
   * or not it succeeds, so the session ends here at once: no idle lock or lock shortcut can
   * then take the screen away from the one-time result.
   */
  private async rotateDataKey(passphrase: string): Promise<void> {
    if (!this.session || !isAdmin(this.session)) return;
    this.endSession();
    this.show(rotatingView());
    try {
      const rotated = await ipc.rotateDataKey(passphrase);
      this.show(rotatedView(rotated, { onContinue: () => this.showUnlock() }));
    } catch (e) {
      const error = toIpcError(e);
      this.showUnlock(() => t("admin.rotateFailed", { message: errorMessage(error) }), true);
    }
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
    this.endSession();
    this.showUnlock(reason === "idle" ? () => t("unlock.lockedIdle") : undefined);
  }

  private endSession(): void {
    this.session = null;
    this.idle.stop();
    this.touch.reset();
  }

  // ---- Language ----------------------------------------------------------------------------

  /** The switch was changed: use the language, remember it for the user, redraw in place. */
  private readonly onLanguageChosen = (event: Event): void => {
    const chosen = (event as CustomEvent<string>).detail;
    const lang = applyLanguage(chosen);
    if (this.session) {
      this.session = { ...this.session, language: lang };
      ipc.setLanguage(lang).catch((e) => {
        // Not remembered; the language still applies until the app closes.
        const error = toIpcError(e);
        if (error.kind !== "locked") console.warn("set_language failed", error.kind);
      });
    }
    this.redrawInPlace();
  };

  /**
   * Draws the current screen again in the language now in use, with what was typed on it
   * (values of controls appearing only once the view has loaded are put back then). Focus
   * returns to the switch, where the user was.
   */
  private redrawInPlace(): void {
    if (this.redraw) redrawKeeping(this.root, this.redraw, () => this.view);
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
