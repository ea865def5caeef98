// Retention (admin; lifecycle.md): the vault's lifecycle settings — how many years after
// closure identities and narratives are kept, whether the report counts only cases with a
// consent to statistics, how long a consent to referrals may run, which organization is the
// vault's own — then the cases due for purging (./retention/due) and the register of
// erasures with its export (./retention/register).
import type { LifecycleSettings } from "../bindings/LifecycleSettings";
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { clearFieldError, field, type Field, formAlert, FormErrors, formFrame, onSubmit, selectField, showFieldError, submitButton } from "../form";
import { t } from "../i18n";
import { ipc } from "../ipc";
import { parseReferralMonths, parseRetentionYears, REFERRAL_MONTHS_HIGHEST, REFERRAL_MONTHS_LOWEST, RETENTION_HIGHEST, RETENTION_LOWEST } from "../lifecycleModel";
import { duePanel } from "./retention/due";
import { registerPanel } from "./retention/register";
import { panel, screen, statusLine, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

function numberField(id: string, label: string, hint: string, lowest: number, highest: number): Field {
  const f = field({ id, label, type: "number", hint });
  f.input.classList.add("input-number");
  f.input.min = String(lowest);
  f.input.max = String(highest);
  f.input.step = "1";
  f.input.setAttribute("inputmode", "numeric");
  f.input.addEventListener("input", () => clearFieldError(f));
  return f;
}

export function retentionView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();

  // ---- The settings ------------------------------------------------------------------------------
  const years = { lowest: RETENTION_LOWEST, highest: RETENTION_HIGHEST };
  const months = { lowest: REFERRAL_MONTHS_LOWEST, highest: REFERRAL_MONTHS_HIGHEST };
  const retention = numberField("retention-years", t("retention.years"), t("retention.yearsHint", years), years.lowest, years.highest);
  const maxMonths = numberField("retention-referral-months", t("retention.referralMonths"), t("retention.referralMonthsHint", months), months.lowest, months.highest);
  const statistics = h("input", { id: "retention-statistics", attrs: { type: "checkbox", name: "retention-statistics", "aria-describedby": "retention-statistics-hint" } });
  const statisticsField = h("div", { class: "field" }, [
    h("div", { class: "checkbox" }, [statistics, h("label", { text: t("retention.statistics"), attrs: { for: "retention-statistics" } })]),
    h("p", { id: "retention-statistics-hint", class: "hint", text: t("retention.statisticsHint") }),
  ]);
  const own = selectField({ id: "retention-own-organization", label: t("retention.ownOrganization"), hint: t("retention.ownOrganizationHint"), options: [{ value: "", label: t("caseFile.noneOption") }] });
  const ownSelect = own.input as unknown as HTMLSelectElement;
  const alert = formAlert("retention-settings-error");
  const saved = statusLine("retention-settings-saved");
  const save = submitButton("retention-settings-save", t("settings.save"));
  const form = formFrame({
    id: "retention-settings-form",
    labelledBy: "retention-settings-title",
    parts: [h("div", { class: "form-grid" }, [retention.wrapper, maxMonths.wrapper, own.wrapper]), statisticsField],
    alert,
    buttons: [save],
    after: [saved],
  });
  const errors = new FormErrors(alert, { retentionYears: retention, referralConsentMaxMonths: maxMonths, ownOrganization: own });
  let settings: LifecycleSettings | null = null;
  onSubmit({
    form,
    button: save,
    busyText: t("settings.saving"),
    idleText: t("settings.save"),
    gone: () => life.disposed,
    check() {
      errors.clear();
      saved.textContent = "";
      const y = parseRetentionYears(retention.input.value);
      const m = parseReferralMonths(maxMonths.input.value);
      if (y === null) showFieldError(retention, t("retention.yearsInvalid", years));
      if (m === null) showFieldError(maxMonths, t("retention.referralMonthsInvalid", months));
      if (y === null || m === null) {
        (y === null ? retention : maxMonths).input.focus();
        return false;
      }
      settings = { retentionYears: y, statisticsRequiresConsent: statistics.checked, referralConsentMaxMonths: m, ownOrganization: ownSelect.value || null };
      return true;
    },
    send: () => ipc.lifecycleSettingsSet(settings!),
    done() {
      saved.textContent = t("retention.settingsSaved");
      void due.load();
    },
    failed: (error) => (errors.show(error) ?? save).focus(),
  });

  const due = duePanel(life, () => void register.load());
  const register = registerPanel(life);

  const { root, title } = screen("retention", session, deps, { title: t("retention.title"), intro: t("retention.intro") }, [
    panel("retention-settings", t("retention.settingsTitle"), [form]),
    due.element,
    register.element,
  ]);

  async function loadSettings(): Promise<void> {
    try {
      const [s, orgs] = await Promise.all([ipc.lifecycleSettings(), ipc.organizationsList()]);
      if (life.disposed) return;
      const names = orgs.map((o) => o.name).sort((a, b) => a.localeCompare(b));
      if (s.ownOrganization && !names.includes(s.ownOrganization)) names.push(s.ownOrganization);
      ownSelect.append(...names.map((n) => h("option", { text: n, attrs: { value: n } })));
      if (!retention.input.value) retention.input.value = String(s.retentionYears);
      if (!maxMonths.input.value) maxMonths.input.value = String(s.referralConsentMaxMonths);
      statistics.checked = s.statisticsRequiresConsent;
      ownSelect.value = s.ownOrganization ?? "";
    } catch (e) {
      const error = life.failure(e);
      if (error) alert.textContent = errorMessage(error);
    }
  }

  const ready = Promise.all([loadSettings(), due.load(), register.load()]);
  return life.view({ root, focus: () => title.focus(), ready });
}
