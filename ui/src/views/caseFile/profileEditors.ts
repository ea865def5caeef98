// The profile tab's edit forms (intake and caseworkers): the person, and how and when they
// were identified. Each opens inline from its "Edit" button in place of the facts, prefilled
// from the case as last read, and is saved as a whole. Every problem of a failed save is
// shown next to its field; nothing typed is lost.
import type { CaseView } from "../../bindings/CaseView";
import type { Exploitation } from "../../bindings/Exploitation";
import type { IdentifiedBy } from "../../bindings/IdentifiedBy";
import type { IpcError } from "../../bindings/IpcError";
import type { Recognition } from "../../bindings/Recognition";
import type { Sex } from "../../bindings/Sex";
import { isAge, isTwoLetters, keepOrder, orNull, personRecord, relativeTo, splitAliases } from "../../caseModel";
import { h } from "../../dom";
import { t } from "../../i18n";
import { ipc, toIpcError } from "../../ipc";
import { wordOptions } from "../../vocab";
import { checkboxGroup, type Field, fieldTarget, focusFirst, ProblemForm, selectField, setBusy, submitButton, type Target, textField } from "../../form";

export interface ProfileEditor {
  /** "Edit", shown while the form is closed. */
  button: HTMLButtonElement;
  form: HTMLFormElement;
  isOpen(): boolean;
  /** Opens the form, filled from `v`, and focuses its first field. */
  open(v: CaseView): void;
  /** Closes the form (nothing is saved); `focus` puts the focus back on "Edit". */
  close(focus: boolean): void;
}

export interface EditorDeps {
  code: string;
  /** The facts the form stands in for while it is open. */
  facts: HTMLElement;
  /** The case as last read (to fill the form). */
  current(): CaseView | null;
  disposed(): boolean;
  /** Empties the status line (a save begins). */
  clearStatus(): void;
  /** After a save: read the case again, then announce `done` and focus `focus`. */
  afterSave(done: string, focus: HTMLElement): Promise<void>;
}

interface EditSpec {
  name: "person" | "identification";
  title: string;
  editLabel: string;
  done: string;
  content: Node[];
  problems: ProblemForm;
  fill(v: CaseView): void;
  /** Checks what needs no core; returns the targets in error. */
  check(): Target[];
  send(): Promise<unknown>;
  /** The error with the core's paths as `problems` knows them. */
  adapt(error: IpcError): IpcError;
}

function editor(spec: EditSpec, deps: EditorDeps): ProfileEditor {
  const { name } = spec;
  const formId = `${name}-form`;
  const titleId = `${formId}-title`;
  const saveText = t("caseFile.edit.save");
  const button = h("button", {
    id: `profile-edit-${name}`,
    class: "button button-secondary button-small",
    text: t("caseFile.edit.button"),
    attrs: { type: "button", "aria-label": spec.editLabel, "aria-controls": formId, "aria-expanded": "false" },
  });
  const save = submitButton(`${name}-save`, saveText);
  const cancel = h("button", { id: `${name}-cancel`, class: "button button-secondary", text: t("caseFile.edit.cancel"), attrs: { type: "button" } });
  const form = h("form", { id: formId, class: "form edit-form", attrs: { novalidate: true, autocomplete: "off", "aria-labelledby": titleId, hidden: true } }, [
    h("h4", { id: titleId, class: "form-title", text: spec.title }),
    ...spec.content,
    spec.problems.alert,
    h("div", { class: "actions actions-start" }, [save, cancel]),
  ]);
  let busy = false;

  const firstField = () => form.querySelector<HTMLElement>("input, select, textarea");

  function show(open: boolean): void {
    form.hidden = !open;
    deps.facts.hidden = open;
    button.hidden = open;
    button.setAttribute("aria-expanded", String(open));
  }

  function open(v: CaseView): void {
    if (busy) return;
    spec.problems.clear();
    spec.fill(v);
    show(true);
    firstField()?.focus();
  }

  function close(focus: boolean): void {
    if (busy) return;
    spec.problems.clear();
    show(false);
    if (focus) button.focus();
  }

  button.addEventListener("click", () => {
    const v = deps.current();
    if (v) open(v);
  });
  cancel.addEventListener("click", () => close(true));
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || busy) return;
    event.preventDefault();
    close(true);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    spec.problems.clear();
    deps.clearStatus();
    const local = spec.check();
    if (local.length) {
      focusFirst(local);
      return;
    }
    busy = true;
    cancel.disabled = true;
    setBusy(form, save, true, t("caseFile.saving"), saveText);
    let done = false;
    try {
      await spec.send();
      done = true;
    } catch (e) {
      if (deps.disposed()) return;
      const error = toIpcError(e);
      if (error.kind === "locked") return;
      if (!spec.problems.show(spec.adapt(error))) save.focus();
    } finally {
      busy = false;
      cancel.disabled = false;
      if (!deps.disposed()) setBusy(form, save, false, t("caseFile.saving"), saveText);
    }
    if (!done || deps.disposed()) return;
    show(false);
    await deps.afterSave(spec.done, button);
  });

  return { button, form, isOpen: () => !form.hidden, open, close };
}

const grid = (fields: Array<Field | HTMLElement>) => h("div", { class: "form-grid" }, fields.map((f) => (f instanceof HTMLElement ? f : f.wrapper)));

/** The age at identification, 0 to 120 whole years (intake and the person form). */
export function ageField(id: string): Field {
  const age = textField({ id, label: t("intake.age"), type: "number", hint: t("intake.ageHint") });
  age.input.min = "0";
  age.input.max = "120";
  age.input.step = "1";
  age.input.inputMode = "numeric";
  age.input.classList.add("input-number");
  return age;
}

/** The two-letter country code of citizenship (intake and the person form). */
export function citizenshipField(id: string): Field {
  const citizenship = textField({ id, label: t("intake.citizenship"), hint: t("intake.citizenshipHint") });
  citizenship.input.maxLength = 2;
  citizenship.input.classList.add("input-code");
  return citizenship;
}

/** Who identified the person, or "not recorded" (intake and the identification form). */
export function identifiedByField(id: string): Field {
  return selectField({ id, label: t("intake.identifiedBy"), options: [{ value: "", label: t("intake.notRecorded") }, ...wordOptions("identifiedBy")] });
}

/** How far the person is recognised as a victim (intake and the identification form). */
export function recognitionField(id: string, value?: string): Field {
  return selectField({ id, label: t("intake.recognition"), options: wordOptions("recognition"), value, required: true });
}

/** Names, aliases, sex, birth date, age, citizenship, languages and phone. */
export function personEditor(deps: EditorDeps): ProfileEditor {
  const given = textField({ id: "person-given-name", label: t("intake.givenName"), hint: t("intake.nameHint") });
  const family = textField({ id: "person-family-name", label: t("intake.familyName"), describedBy: ["person-given-name-hint"] });
  const aliases = textField({ id: "person-aliases", label: t("intake.aliases"), hint: t("intake.aliasesHint") });
  const sex = selectField({ id: "person-sex", label: t("intake.sex"), options: wordOptions("sex"), required: true });
  const birth = textField({ id: "person-birth-date", label: t("intake.birthDate"), type: "date" });
  const age = ageField("person-age");
  const citizenship = citizenshipField("person-citizenship");
  const languages = textField({ id: "person-languages", label: t("caseFile.edit.languages"), hint: t("caseFile.edit.languagesHint") });
  const phone = textField({ id: "person-phone", label: t("intake.phone") });
  phone.input.type = "tel";

  const problems = new ProblemForm("person-form-error", {
    person: fieldTarget(given),
    given_name: fieldTarget(given),
    family_name: fieldTarget(family),
    aliases: fieldTarget(aliases),
    sex: fieldTarget(sex),
    birth_date: fieldTarget(birth),
    age_at_identification: fieldTarget(age),
    citizenship: fieldTarget(citizenship),
    languages: fieldTarget(languages),
    phone: fieldTarget(phone),
  });

  return editor(
    {
      name: "person",
      title: t("caseFile.edit.personTitle"),
      editLabel: t("caseFile.edit.personLabel"),
      done: t("caseFile.saved.person"),
      content: [grid([given, family, aliases, sex, birth, age, citizenship, languages, phone])],
      problems,
      fill(v) {
        const p = v.person;
        given.input.value = p.given_name ?? "";
        family.input.value = p.family_name ?? "";
        aliases.input.value = p.aliases.join(", ");
        sex.input.value = p.sex;
        birth.input.value = p.birth_date ?? "";
        age.input.value = p.age_at_identification === null ? "" : String(p.age_at_identification);
        citizenship.input.value = p.citizenship ?? "";
        languages.input.value = p.languages.join(", ");
        phone.input.value = p.phone ?? "";
      },
      check() {
        const shown: Array<Target | null> = [];
        if (!given.input.value.trim() && !family.input.value.trim()) shown.push(problems.showAt("given_name", t("intake.nameRequired")));
        if (!sex.input.value) shown.push(problems.showAt("sex", t("field.required")));
        if (!isAge(age.input.value)) shown.push(problems.showAt("age_at_identification", t("intake.ageInvalid")));
        const cit = citizenship.input.value.trim();
        if (cit && !isTwoLetters(cit)) shown.push(problems.showAt("citizenship", t("intake.citizenshipInvalid")));
        if (!splitAliases(languages.input.value).every(isTwoLetters)) shown.push(problems.showAt("languages", t("caseFile.edit.languagesInvalid")));
        return shown.filter((x): x is Target => x !== null);
      },
      send: () =>
        ipc.caseEditPerson(
          deps.code,
          personRecord({
            givenName: given.input.value,
            familyName: family.input.value,
            aliases: aliases.input.value,
            sex: sex.input.value as Sex,
            birthDate: birth.input.value,
            age: age.input.value,
            citizenship: citizenship.input.value,
            languages: languages.input.value,
            phone: phone.input.value,
          }),
        ),
      adapt: (error) => relativeTo(error, "person"),
    },
    deps,
  );
}

/** When and by whom the person was identified, recognition, forms and country of exploitation. */
export function identificationEditor(deps: EditorDeps): ProfileEditor {
  const identifiedOn = textField({ id: "identification-identified-on", label: t("intake.identifiedOn"), type: "date", required: true });
  const identifiedBy = identifiedByField("identification-identified-by");
  const recognition = recognitionField("identification-recognition");
  const country = textField({ id: "identification-country", label: t("caseFile.edit.country"), hint: t("intake.citizenshipHint") });
  country.input.maxLength = 2;
  country.input.classList.add("input-code");
  const exploitation = checkboxGroup({
    id: "identification-exploitation",
    name: "identification-exploitation",
    legend: t("intake.exploitation"),
    options: wordOptions("exploitation"),
    required: true,
  });
  /** The forms as the case held them when the form was opened. */
  let before: Exploitation[] = [];

  const problems = new ProblemForm("identification-form-error", {
    identified_on: fieldTarget(identifiedOn),
    // "The birth date is after the identification date": the date edited here.
    "person.birth_date": fieldTarget(identifiedOn),
    identified_by: fieldTarget(identifiedBy),
    recognition: fieldTarget(recognition),
    exploitation: exploitation.target,
    country_of_exploitation: fieldTarget(country),
  });

  return editor(
    {
      name: "identification",
      title: t("caseFile.edit.identificationTitle"),
      editLabel: t("caseFile.edit.identificationLabel"),
      done: t("caseFile.saved.identification"),
      content: [grid([identifiedOn, identifiedBy, recognition, country]), exploitation.fieldset],
      problems,
      fill(v) {
        identifiedOn.input.value = v.identified_on;
        identifiedBy.input.value = v.identified_by ?? "";
        recognition.input.value = v.recognition;
        country.input.value = v.country_of_exploitation ?? "";
        before = [...v.exploitation];
        for (const box of exploitation.boxes) box.checked = before.includes(box.value as Exploitation);
      },
      check() {
        const shown: Array<Target | null> = [];
        if (!identifiedOn.input.value) shown.push(problems.showAt("identified_on", t("field.required")));
        const c = country.input.value.trim();
        if (c && !isTwoLetters(c)) shown.push(problems.showAt("country_of_exploitation", t("intake.citizenshipInvalid")));
        if (!exploitation.checked().length) shown.push(problems.showAt("exploitation", t("intake.exploitationRequired")));
        return shown.filter((x): x is Target => x !== null);
      },
      send: () =>
        ipc.caseEditIdentification(deps.code, {
          identified_on: identifiedOn.input.value,
          identified_by: (identifiedBy.input.value || null) as IdentifiedBy | null,
          recognition: recognition.input.value as Recognition,
          exploitation: keepOrder(before, exploitation.checked() as Exploitation[]),
          country_of_exploitation: orNull(country.input.value)?.toUpperCase() ?? null,
        }),
      adapt: (error) => relativeTo(error, "identification"),
    },
    deps,
  );
}
