// The vault check (admin): "Check the vault" has the core read every page, SQLite's structure,
// the bytes after the last page, the audit chain against the integrity record and the key
// file's seal; the result says, in words, that the vault is intact or lists each finding
// (vaultCheckModel). A key file changed outside Haven is repaired here, then checked again.
import type { IntegrityReport } from "../bindings/IntegrityReport";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { busyButton, formAlert, setButtonBusy } from "../form";
import { t } from "../i18n";
import { ipc } from "../ipc";
import { canRepair, checkSummary, findings, repairText } from "../vaultCheckModel";
import { holdLanguageSwitch } from "./language";
import { progressBar } from "./progress";
import { panel, screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

export interface VaultCheckDeps extends ScreenDeps {
  /** Told what each check found about the key file (the dashboard's notice follows it). */
  onKeyFileState?(changed: boolean): void;
}

export interface VaultCheckView extends View {
  /** The last report shown, so that a redraw (another language) shows it again. */
  report(): IntegrityReport | null;
}

export function vaultCheckView(session: SessionInfo, deps: VaultCheckDeps, shown: IntegrityReport | null = null): VaultCheckView {
  const life = new Lifecycle();
  let last: IntegrityReport | null = null;

  const run = busyButton("check-run", t("check.run"), "primary");
  run.setAttribute("aria-describedby", "check-run-hint");
  const progress = progressBar("check-progress", t("check.progressLabel"));
  const alert = formAlert("check-error");
  // Kept in the DOM while empty, so that each result is announced when it appears.
  const result = h("div", { id: "check-result", class: "verify-result check-result", attrs: { role: "status" } });
  const repair = busyButton("check-repair", t("check.repair"), "secondary");
  repair.setAttribute("aria-describedby", "check-repair-hint");
  const repairBox = h("div", { id: "check-repair-box", class: "check-repair", attrs: { hidden: true } }, [
    h("p", { id: "check-repair-hint", class: "hint", text: t("check.repairHint") }),
    h("div", { class: "actions actions-start" }, [repair]),
  ]);
  const checkPanel = panel("check-panel", t("check.runTitle"), [
    h("p", { id: "check-run-hint", class: "hint", text: t("check.runHint") }),
    h("div", { class: "actions actions-start" }, [run]),
    progress.element,
    alert,
    result,
    repairBox,
  ]);

  const { root, title } = screen("vault-check", session, deps, { title: t("check.title"), intro: t("check.intro") }, [checkPanel]);

  /** Shows what `report` found; `note` (what a repair did) comes first. */
  function show(report: IntegrityReport, note: string | null = null): void {
    last = report;
    const summary = checkSummary(report);
    result.dataset.state = summary.state === "intact" ? "intact" : "broken";
    result.dataset.check = summary.state;
    const lines =
      summary.state === "intact"
        ? h("ul", { id: "check-lines", class: "check-lines" }, summary.lines.map((text) => h("li", { text })))
        : h(
            "ul",
            { id: "check-findings", class: "check-lines" },
            summary.lines.map((text, i) => h("li", { text, attrs: { "data-finding": summary.kinds[i] } })),
          );
    result.replaceChildren(
      ...(note ? [h("p", { id: "check-repair-result", class: "check-note", text: note })] : []),
      h("p", { id: "check-headline", class: "verify-message", text: summary.headline }),
      lines,
      ...(summary.advice ? [h("p", { id: "check-advice", class: "verify-detail", text: summary.advice })] : []),
    );
    repairBox.hidden = !canRepair(findings(report));
    deps.onKeyFileState?.(report.keyFile === "changed");
  }

  /** From the click to the result; the buttons wait meanwhile. */
  let busy = false;
  async function task(button: HTMLButtonElement, busyText: string, idleText: string, work: () => Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    alert.textContent = "";
    setButtonBusy(button, true, busyText, idleText);
    (button === run ? repair : run).disabled = true;
    holdLanguageSwitch(root, true);
    result.setAttribute("aria-busy", "true");
    progress.start(t("check.progress"));
    try {
      await work();
    } catch (e) {
      const error = life.failure(e);
      if (error) alert.textContent = errorMessage(error);
    } finally {
      busy = false;
      if (!life.disposed) {
        progress.hide();
        result.removeAttribute("aria-busy");
        setButtonBusy(button, false, busyText, idleText);
        (button === run ? repair : run).disabled = false;
        holdLanguageSwitch(root, false);
        // A disabled or hidden button drops focus; put it where the user can go on.
        const active = document.activeElement;
        if (!active || active === document.body || active === button) (button.closest("[hidden]") ? run : button).focus();
      }
    }
  }

  run.addEventListener("click", () =>
    void task(run, t("check.running"), t("check.run"), async () => {
      const report = await ipc.vaultCheck();
      if (!life.disposed) show(report);
    }),
  );
  repair.addEventListener("click", () =>
    void task(repair, t("check.repairing"), t("check.repair"), async () => {
      const repaired = await ipc.keyFileRepair();
      if (life.disposed) return;
      const report = await ipc.vaultCheck();
      if (!life.disposed) show(report, repairText(repaired, report));
    }),
  );

  if (shown) show(shown);

  return life.view({ root, focus: () => title.focus() }, { report: () => last });
}
