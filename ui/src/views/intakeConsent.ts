// The intake form's consent to its first referral: offered when the consent gate refused the
// referral (../consentGate), to caseworkers (recording consent is recordServices). It is a
// consent to referrals to the chosen organization, sent with the new case, so that the gate
// finds it when the case is created.
import type { ConsentRecord } from "../bindings/ConsentRecord";
import { formatCivil, todayIso } from "../caseModel";
import { h } from "../dom";
import { type Field, fieldTarget, type Target, textField } from "../form";
import { t } from "../i18n";

export interface IntakeConsent {
  element: HTMLElement;
  /** Opens the part for a consent to referrals to `organization`, and focuses its first field. */
  open(organization: string, date: string): void;
  isOpen(): boolean;
  /** The consent to send with the case, or none while the part is closed. */
  consents(organization: string): ConsentRecord[];
  /** Its fields, under the paths the core reports problems at. */
  paths: Record<string, Target>;
  /** The required fields left empty while the part is open. */
  missing(): Array<[string, Field]>;
}

export function intakeConsent(): IntakeConsent {
  const given = textField({ id: "intake-consent-given-on", label: t("caseFile.field.givenOn"), type: "date", required: true, value: todayIso() });
  const expires = textField({ id: "intake-consent-expires-on", label: t("consent.field.expiresOn"), type: "date", required: true, hint: t("consent.expiresHint") });
  const about = h("p", { id: "intake-consent-about", class: "hint" });
  const leave = h("button", { id: "intake-consent-remove", class: "button button-secondary button-small", text: t("intake.consentRemove"), attrs: { type: "button" } });
  const element = h("fieldset", { id: "intake-consent", class: "fieldset intake-consent", attrs: { hidden: true } }, [
    h("legend", { class: "label", text: t("intake.consentTitle") }),
    about,
    h("div", { class: "form-grid" }, [given.wrapper, expires.wrapper]),
    h("div", { class: "actions actions-start" }, [leave]),
  ]);
  leave.addEventListener("click", () => {
    element.hidden = true;
    document.getElementById("intake-referral-to")?.focus();
  });
  const givenTarget = fieldTarget(given);
  const expiresTarget = fieldTarget(expires);

  return {
    element,
    open(organization, date) {
      about.textContent = t("intake.consentAbout", { organization, date: formatCivil(date) });
      element.hidden = false;
      (given.input.value ? expires.input : given.input).focus();
    },
    isOpen: () => !element.hidden,
    consents: (organization) =>
      element.hidden ? [] : [{ scope: "referrals", given_on: given.input.value, expires_on: expires.input.value || null, organizations: [organization] }],
    paths: {
      consents: givenTarget,
      "consents[0]": givenTarget,
      "consents[0].given_on": givenTarget,
      "consents[0].expires_on": expiresTarget,
      "consents[0].organizations": givenTarget,
      givenOn: givenTarget,
      expiresOn: expiresTarget,
    },
    missing: () => (element.hidden ? [] : ([["consents[0].given_on", given], ["consents[0].expires_on", expires]] as Array<[string, Field]>).filter(([, f]) => !f.input.value)),
  };
}
