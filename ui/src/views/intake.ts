// The intake form: one form that creates the person, the case and the first referral.
// Every problem the core finds is shown next to its field; nothing typed is lost. A first
// referral the consent gate refuses gets its ways forward at the referral (../consentGate):
// a consent recorded with the case, or (consentOverride) the case created and the referral
// made with the override's reason.
import type { CaseRecord } from "../bindings/CaseRecord";
import type { Exploitation } from "../bindings/Exploitation";
import type { IdentifiedBy } from "../bindings/IdentifiedBy";
import type { OrganizationRecord } from "../bindings/OrganizationRecord";
import type { Recognition } from "../bindings/Recognition";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { Sex } from "../bindings/Sex";
import { orNull, splitAliases, todayIso } from "../caseModel";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { panel, screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { wordOptions } from "../vocab";
import { checkboxGroup, fieldTarget, focusFirst, ProblemForm, selectField, setBusy, submitButton, type Target, textField } from "../form";
import { ageField, citizenshipField, identifiedByField, recognitionField } from "./caseFile/profileEditors";
import type { CaseFileOptions } from "./caseFile";
import { consentGate } from "./consentGate";
import { intakeConsent } from "./intakeConsent";
import { canOverrideConsent, canRecord } from "../permissions";

export interface IntakeDeps extends ScreenDeps {
  /** The case was created: open its file (`options`: where, when the referral still waits). */
  onCreated(code: string, options?: CaseFileOptions): void;
}

export function intakeView(session: SessionInfo, deps: IntakeDeps): View {
  const life = new Lifecycle();
  let busy = false;
  const today = todayIso();

  // ---- The person --------------------------------------------------------------------------
  const given = textField({ id: "intake-given-name", label: t("intake.givenName"), hint: t("intake.nameHint"), required: true });
  const family = textField({ id: "intake-family-name", label: t("intake.familyName"), describedBy: ["intake-given-name-hint"] });
  const aliases = textField({ id: "intake-aliases", label: t("intake.aliases"), hint: t("intake.aliasesHint") });
  const sex = selectField({
    id: "intake-sex",
    label: t("intake.sex"),
    options: [{ value: "", label: t("intake.choose") }, ...wordOptions("sex")],
    required: true,
  });
  const birth = textField({ id: "intake-birth-date", label: t("intake.birthDate"), type: "date" });
  const age = ageField("intake-age");
  const citizenship = citizenshipField("intake-citizenship");
  const phone = textField({ id: "intake-phone", label: t("intake.phone"), type: "text", autocomplete: "off" });
  phone.input.type = "tel";

  // ---- The identification ------------------------------------------------------------------
  const identifiedOn = textField({ id: "intake-identified-on", label: t("intake.identifiedOn"), type: "date", required: true, value: today });
  const identifiedBy = identifiedByField("intake-identified-by");
  const recognition = recognitionField("intake-recognition", "potential");
  const exploitation = checkboxGroup({
    id: "intake-exploitation",
    name: "intake-exploitation",
    legend: t("intake.exploitation"),
    options: wordOptions("exploitation"),
    required: true,
  });

  // ---- The first referral ------------------------------------------------------------------
  const referralTo = selectField({
    id: "intake-referral-to",
    label: t("intake.referralTo"),
    options: [{ value: "", label: t("intake.referralNone") }],
    hint: t("intake.referralHint"),
  });
  const referralSelect = referralTo.input as unknown as HTMLSelectElement;
  const referralDate = textField({ id: "intake-referral-date", label: t("intake.referralDate"), type: "date", value: today });
  const orgsError = h("p", { id: "intake-orgs-error", class: "hint notice-error-text", attrs: { hidden: true } });
  const consent = intakeConsent();
  const gate = consentGate({
    id: "intake-referral",
    canRecord: canRecord(session),
    canOverride: canOverrideConsent(session),
    gone: () => life.disposed,
    onRecordConsent: (organization, date) => {
      gate.hide();
      consent.open(organization, date);
    },
    override: (reason) => createWithOverride(reason),
  });
  // Another organization or date is another referral: the refusal no longer applies.
  for (const f of [referralTo, referralDate]) f.input.addEventListener("change", () => gate.hide());

  const problems = new ProblemForm("intake-error", {
    person: fieldTarget(given),
    "person.given_name": fieldTarget(given),
    "person.family_name": fieldTarget(family),
    "person.aliases": fieldTarget(aliases),
    "person.sex": fieldTarget(sex),
    "person.birth_date": fieldTarget(birth),
    "person.age_at_identification": fieldTarget(age),
    "person.citizenship": fieldTarget(citizenship),
    "person.phone": fieldTarget(phone),
    identified_on: fieldTarget(identifiedOn),
    identified_by: fieldTarget(identifiedBy),
    recognition: fieldTarget(recognition),
    exploitation: exploitation.target,
    referrals: fieldTarget(referralTo),
    "referrals[0].to": fieldTarget(referralTo),
    "referrals[0].date": fieldTarget(referralDate),
    ...consent.paths,
  });

  const save = submitButton("intake-save", t("intake.save"));
  const section = (id: string, title: string, children: Node[]) =>
    h("fieldset", { id, class: "fieldset intake-section" }, [h("legend", { class: "subsection-title", text: title }), ...children]);
  const form = h("form", { id: "intake-form", class: "form intake-form", attrs: { novalidate: true, autocomplete: "off" } }, [
    h("p", { class: "hint", text: t("intake.requiredNote") }),
    section("intake-person", t("intake.personTitle"), [
      h("div", { class: "form-grid" }, [given.wrapper, family.wrapper, aliases.wrapper, sex.wrapper, birth.wrapper, age.wrapper, citizenship.wrapper, phone.wrapper]),
    ]),
    section("intake-case", t("intake.caseTitle"), [
      h("div", { class: "form-grid" }, [identifiedOn.wrapper, identifiedBy.wrapper, recognition.wrapper]),
      exploitation.fieldset,
    ]),
    section("intake-referral", t("intake.referralTitle"), [h("div", { class: "form-grid" }, [referralTo.wrapper, referralDate.wrapper]), orgsError, gate.element, consent.element]),
    problems.alert,
    h("div", { class: "actions actions-start" }, [save]),
  ]);

  /** Checks what needs no core; returns the targets in error. */
  function localProblems(): Target[] {
    const shown: Array<Target | null> = [];
    if (!given.input.value.trim() && !family.input.value.trim()) shown.push(problems.showAt("person.given_name", t("intake.nameRequired")));
    if (!sex.input.value) shown.push(problems.showAt("person.sex", t("field.required")));
    const ageText = age.input.value.trim();
    if (ageText && !(/^\d{1,3}$/.test(ageText) && Number(ageText) <= 120)) shown.push(problems.showAt("person.age_at_identification", t("intake.ageInvalid")));
    const cit = citizenship.input.value.trim();
    if (cit && !/^[A-Za-z]{2}$/.test(cit)) shown.push(problems.showAt("person.citizenship", t("intake.citizenshipInvalid")));
    if (!identifiedOn.input.value) shown.push(problems.showAt("identified_on", t("field.required")));
    if (!exploitation.checked().length) shown.push(problems.showAt("exploitation", t("intake.exploitationRequired")));
    if (referralSelect.value && !referralDate.input.value) shown.push(problems.showAt("referrals[0].date", t("field.required")));
    if (referralSelect.value) for (const [path] of consent.missing()) shown.push(problems.showAt(path, t("field.required")));
    return shown.filter((x): x is Target => x !== null);
  }

  function record(): CaseRecord {
    const ageText = age.input.value.trim();
    const to = referralSelect.value;
    return {
      ref: null,
      code: null,
      person: {
        given_name: orNull(given.input.value),
        family_name: orNull(family.input.value),
        aliases: splitAliases(aliases.input.value),
        sex: sex.input.value as Sex,
        birth_date: orNull(birth.input.value),
        age_at_identification: ageText ? Number(ageText) : null,
        citizenship: orNull(citizenship.input.value)?.toUpperCase() ?? null,
        languages: [],
        phone: orNull(phone.input.value),
      },
      identified_on: identifiedOn.input.value,
      identified_by: (identifiedBy.input.value || null) as IdentifiedBy | null,
      recognition: recognition.input.value as Recognition,
      exploitation: exploitation.checked() as Exploitation[],
      country_of_exploitation: null,
      status: "open",
      closed_on: null,
      consents: to ? consent.consents(to) : [],
      referrals: to ? [{ date: referralDate.input.value, to, status: "pending" }] : [],
      shelter_stays: [],
      services: [],
      allowances: [],
      trainings: [],
      employments: [],
      notes: [],
    };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    problems.clear();
    const local = localProblems();
    if (local.length) {
      focusFirst(local);
      return;
    }
    busy = true;
    setBusy(form, save, true, t("intake.saving"), t("intake.save"));
    try {
      const code = await ipc.caseCreate(record());
      if (life.disposed) return;
      deps.onCreated(code);
    } catch (e) {
      if (life.disposed) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (error.kind === "consentRequired" && referralSelect.value) gate.show(referralSelect.value, referralDate.input.value);
      else if (!problems.show(error)) save.focus();
    } finally {
      busy = false;
      if (!life.disposed) setBusy(form, save, false, t("intake.saving"), t("intake.save"));
    }
  });

  /**
   * Refer anyway: the case is created without the referral, then the referral is made with the
   * override and its reason. Should that second step fail, the new case's file opens on its
   * referrals with the referral filled in again and the reason why.
   */
  async function createWithOverride(reason: string): Promise<boolean> {
    if (busy) return false;
    problems.clear();
    const local = localProblems();
    if (local.length) {
      focusFirst(local);
      return false;
    }
    const full = record();
    const referral = full.referrals[0];
    if (!referral) return false;
    busy = true;
    setBusy(form, save, true, t("intake.saving"), t("intake.save"));
    try {
      let code: string;
      try {
        code = await ipc.caseCreate({ ...full, referrals: [] });
      } catch (e) {
        const error = life.failure(e);
        if (error && !problems.show(error)) save.focus();
        return false;
      }
      if (life.disposed) return true;
      try {
        await ipc.caseAddReferralOverride(code, referral, reason);
      } catch (e) {
        const error = life.failure(e);
        if (!error) return true;
        const notice = t("gate.intakeOverrideFailed", { code, message: errorMessage(error) });
        deps.onCreated(code, { tab: "referrals", referral: { to: referral.to, date: referral.date }, notice });
        return true;
      }
      if (!life.disposed) deps.onCreated(code);
      return true;
    } finally {
      busy = false;
      if (!life.disposed) setBusy(form, save, false, t("intake.saving"), t("intake.save"));
    }
  }

  async function loadOrganizations(): Promise<void> {
    try {
      const orgs: OrganizationRecord[] = await ipc.organizationsList();
      if (life.disposed) return;
      const chosen = referralSelect.value;
      const sorted = [...orgs].sort((a, b) => a.name.localeCompare(b.name));
      referralSelect.append(...sorted.map((o) => h("option", { text: o.name, attrs: { value: o.name } })));
      referralSelect.value = chosen;
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      orgsError.textContent = t("intake.orgsFailed", { message: errorMessage(error) });
      orgsError.hidden = false;
    }
  }

  const { root, title } = screen(
    "intake",
    session,
    deps,
    { title: t("intake.title"), intro: t("intake.intro"), back: t("intake.back") },
    [panel("intake-section", t("intake.title"), [form], "intake-panel")],
  );
  root.querySelector("#intake-section-title")?.classList.add("visually-hidden");

  const ready = loadOrganizations();

  return life.view({ root, focus: () => title.focus(), ready });
}
