// What every part of the case file shares: the case, what the user may do, the status line,
// reading the case again; the cells of the tables; and the two ways of saving, a button
// action (`act`) and an add form below a tab's table (`addForm`).
import type { CaseView } from "../../bindings/CaseView";
import type { IpcError } from "../../bindings/IpcError";
import type { OrganizationRecord } from "../../bindings/OrganizationRecord";
import { formatCivil } from "../../caseModel";
import { h } from "../../dom";
import { type Field, fieldTarget, focusFirst, type Option, ProblemForm, setBusy, setButtonBusy, submitButton, type Target, textField, formFrame } from "../../form";
import { t, type MessageKey } from "../../i18n";
import { toIpcError } from "../../ipc";
import { noneCell } from "../table";
import type { Lifecycle } from "../view";

export type TabName = "profile" | "referrals" | "stays" | "services" | "allowances" | "training" | "employment" | "consent" | "notes" | "documents" | "history";

export interface CaseFileContext {
  code: string;
  /** Create referrals, manage stays, edit the profile, assign (manageIntake). */
  manage: boolean;
  /** Services, allowances, training, jobs, consent, notes; close a case (recordServices). */
  record: boolean;
  /** Close or reopen the case: recordServices, also once its identity was erased (the work
   * with the person still ends). */
  close?: boolean;
  life: Lifecycle;
  /** The status line that announces a save. */
  saved: HTMLElement;
  /** The case as last read. */
  view(): CaseView | null;
  orgs(): OrganizationRecord[];
  /** Reads the case again and redraws; false when it failed. */
  reload(): Promise<boolean>;
  /** The panel of the tab open now. */
  currentPanel(): HTMLElement | undefined;
  /** Refer without a valid consent, for a typed reason (consentOverride). */
  overrideConsent: boolean;
  /** Opens the consent tab's form for a consent to referrals to `organization`; false when there is none. */
  openConsent(organization: string, date: string): boolean;
  /** A referral to put back into the referral form when the file opens (it was not recorded). */
  pendingReferral?: { to: string; date: string };
}

/** A tab's part of the file: its list, redrawn after every load, and its add form if any. */
export interface TabPart {
  list(v: CaseView): Node[];
  form: HTMLFormElement | null;
  /** The consent tab: prepares its form for a consent to referrals to `organization`. */
  openFor?(organization: string, date: string): void;
}

export const date = (iso: string | null) => (iso ? h("time", { class: "nowrap", text: formatCivil(iso), attrs: { datetime: iso } }) : noneCell());
export const text = (value: string | null) => (value && value.trim() ? value : noneCell());
/** A cell whose value the core left out for this role (an employer, for a supervisor). */
export const hiddenCell = () => h("span", { class: "muted", text: t("caseFile.hidden") });
export const cells = (...content: Array<Node | string>) => content.map((c) => h("td", {}, [c]));

export const orgOptions = (ctx: CaseFileContext, keep: (o: OrganizationRecord) => boolean): Option[] =>
  ctx.orgs().filter(keep).sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: o.name, label: o.name }));
export const choose = (): Option => ({ value: "", label: t("intake.choose") });
export const dateField = (id: string, label: MessageKey, required: boolean, value = "") => textField({ id, label: t(label), type: "date", required, value });

/** A button action (not an add form): busy, call, reload, announce; errors in `problems`. */
export async function act(
  ctx: CaseFileContext,
  button: HTMLButtonElement,
  busyText: string,
  idleText: string,
  call: () => Promise<unknown>,
  problems: ProblemForm,
  done: string,
  focus: () => HTMLElement | null,
): Promise<void> {
  if (button.disabled) return;
  setButtonBusy(button, true, busyText, idleText);
  ctx.saved.textContent = "";
  try {
    await call();
    if (ctx.life.disposed) return;
    if (await ctx.reload()) {
      ctx.saved.textContent = done;
      (focus() ?? ctx.currentPanel())?.focus();
    }
  } catch (e) {
    if (ctx.life.disposed) return;
    const error = toIpcError(e);
    if (error.kind === "locked") return;
    if (!problems.show(error)) button.focus();
  } finally {
    if (button.isConnected) setButtonBusy(button, false, busyText, idleText);
  }
}

export interface AddSpec {
  tab: TabName;
  formId: string;
  fields: Array<Field | HTMLElement>;
  paths: Record<string, Target>;
  /** Required fields as [path, field]; checked before anything is sent. */
  required: Array<[string, Field]>;
  /** Extra checks; returns the targets in error. */
  check?(problems: ProblemForm): Array<Target | null>;
  send(): Promise<unknown>;
  reset(): void;
  /** Handles an error before the usual display (admission over capacity); true when done. */
  special?(error: IpcError, problems: ProblemForm): boolean;
}

/** A field of an add form, or the field and the value it starts again with after a save (else empty). */
export type AddField = Field | readonly [Field, () => string];

/**
 * The add form of a tab (`<tab>-form`) whose fields are named once, each under the path the
 * core reports its errors at; those marked required are checked before anything is sent.
 */
export function fieldsForm(ctx: CaseFileContext, tab: TabName, named: Record<string, AddField>, send: () => Promise<unknown>): HTMLFormElement {
  const entries = Object.entries(named).map(([path, entry]) => {
    const [field, initial] = Array.isArray(entry) ? (entry as readonly [Field, () => string]) : [entry as Field, () => ""];
    return { path, field, initial };
  });
  return addForm(ctx, {
    tab,
    formId: `${tab}-form`,
    fields: entries.map((e) => e.field),
    paths: Object.fromEntries(entries.map((e) => [e.path, fieldTarget(e.field)])),
    required: entries.filter((e) => e.field.input.getAttribute("aria-required") === "true").map((e): [string, Field] => [e.path, e.field]),
    send,
    reset: () => entries.forEach((e) => (e.field.input.value = e.initial())),
  });
}

/** The add form below a tab's table: required fields checked here, the rest by the core. */
export function addForm(ctx: CaseFileContext, spec: AddSpec): HTMLFormElement {
  const { tab, formId } = spec;
  const saveText = t(`caseFile.save.${tab}` as MessageKey);
  const button = submitButton(`${tab}-save`, saveText);
  const problems = new ProblemForm(`${formId}-error`, spec.paths);
  const titleId = `${formId}-title`;
  const form = formFrame({
    id: formId,
    class: "form add-form",
    labelledBy: titleId,
    parts: [h("h3", { id: titleId, class: "form-title", text: t(`caseFile.add.${tab}` as MessageKey) }), h("div", { class: "form-grid" }, spec.fields.map((f) => (f instanceof HTMLElement ? f : f.wrapper)))],
    alert: problems.alert,
    buttons: [button],
  });
  const first = () => form.querySelector<HTMLElement>("input, select, textarea");
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    problems.clear();
    ctx.saved.textContent = "";
    const local: Array<Target | null> = spec.required.filter(([, f]) => !f.input.value.trim()).map(([path]) => problems.showAt(path, t("field.required")));
    local.push(...(spec.check?.(problems) ?? []));
    const inError = local.filter((x): x is Target => x !== null);
    if (inError.length) {
      focusFirst(inError);
      return;
    }
    busy = true;
    setBusy(form, button, true, t("caseFile.saving"), saveText);
    try {
      await spec.send();
      if (ctx.life.disposed) return;
      spec.reset();
      if (await ctx.reload()) {
        ctx.saved.textContent = t(`caseFile.saved.${tab}` as MessageKey);
        first()?.focus();
      }
    } catch (e) {
      if (ctx.life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (spec.special?.(error, problems)) return;
      if (!problems.show(error)) button.focus();
    } finally {
      busy = false;
      if (!ctx.life.disposed) setBusy(form, button, false, t("caseFile.saving"), saveText);
    }
  });
  return form;
}
