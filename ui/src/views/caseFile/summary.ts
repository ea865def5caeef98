// The print view of a case summary: a section shown only on paper (styles.css hides it on
// screen and hides everything else when printing). No notes, no documents; the person's name
// only when the user asks for it. The section lives in the DOM only while printing.
import type { CaseView } from "../../bindings/CaseView";
import { formatAmount, formatCivil, personName } from "../../caseModel";
import { h } from "../../dom";
import { t } from "../../i18n";
import { wordLabel } from "../../vocab";

export const PRINT_SUMMARY_ID = "case-print-summary";

const none = () => t("caseFile.none");
const day = (iso: string | null) => (iso ? formatCivil(iso) : none());
const plain = (value: string | null) => (value && value.trim() ? value : none());

function table(id: string, caption: string, headers: string[], rows: string[][]): HTMLElement {
  const section = h("section", { class: "print-part", attrs: { "aria-labelledby": `${id}-title` } }, [
    h("h2", { id: `${id}-title`, class: "print-part-title", text: caption }),
  ]);
  if (!rows.length) {
    section.append(h("p", { class: "print-empty", text: t("print.nothing") }));
    return section;
  }
  section.append(
    h("table", { id, class: "print-table" }, [
      h("thead", {}, [h("tr", {}, headers.map((text) => h("th", { text, attrs: { scope: "col" } })))]),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((text) => h("td", { text }))))),
    ]),
  );
  return section;
}

/** The summary of `v`; the name only when `withName` and the user may read it. */
export function printSummary(v: CaseView, code: string, withName: boolean): HTMLElement {
  const name = withName && !v.identity_hidden ? personName(v.person) : null;
  const facts: Array<[string, string, string]> = [
    ["print-code", t("caseFile.code"), v.code ?? code],
    ...(name ? [["print-name", t("caseFile.name"), name] as [string, string, string]] : []),
    ["print-status", t("caseFile.status"), wordLabel("status", v.status) + (v.status === "closed" && v.closed_on ? ` (${t("caseFile.closedOn", { date: formatCivil(v.closed_on) })})` : "")],
    ["print-caseworker", t("caseFile.caseworker"), v.caseworker ?? t("caseFile.notAssigned")],
    ["print-identified-on", t("caseFile.profile.identifiedOn"), formatCivil(v.identified_on)],
    ["print-recognition", t("caseFile.profile.recognition"), wordLabel("recognition", v.recognition)],
    ["print-exploitation", t("caseFile.profile.exploitation"), v.exploitation.map((x) => wordLabel("exploitation", x)).join(", ") || none()],
  ];
  return h("section", { id: PRINT_SUMMARY_ID, class: "print-summary", attrs: { "aria-labelledby": "case-print-summary-title" } }, [
    h("h1", { id: "case-print-summary-title", class: "print-title", text: t("print.title", { code: v.code ?? code }) }),
    h("dl", { class: "print-facts" }, facts.map(([id, dt, dd]) => h("div", {}, [h("dt", { text: dt }), h("dd", { id, text: dd })]))),
    table("print-referrals", t("caseFile.tab.referrals"), [t("caseFile.col.date"), t("caseFile.col.to"), t("caseFile.col.status")],
      v.referrals.map((r) => [day(r.date), r.to, wordLabel("referral", r.status)])),
    table("print-stays", t("caseFile.tab.stays"), [t("caseFile.col.shelter"), t("caseFile.col.admittedOn"), t("caseFile.col.dischargedOn")],
      v.shelter_stays.map((s) => [s.shelter, day(s.admitted_on), s.discharged_on ? day(s.discharged_on) : t("caseFile.inShelter")])),
    table("print-services", t("caseFile.tab.services"), [t("caseFile.col.kind"), t("caseFile.col.date"), t("caseFile.col.provider")],
      v.services.map((s) => [wordLabel("service", s.kind), day(s.date), plain(s.provider)])),
    table("print-allowances", t("caseFile.tab.allowances"), [t("caseFile.col.date"), t("caseFile.col.amount"), t("caseFile.col.kind")],
      v.allowances.map((a) => [day(a.date), formatAmount(a.amount, a.currency), wordLabel("allowance", a.kind)])),
    table("print-training", t("caseFile.tab.training"), [t("caseFile.col.course"), t("caseFile.col.provider"), t("caseFile.col.startedOn"), t("caseFile.col.endedOn"), t("caseFile.col.outcome")],
      v.trainings.map((x) => [x.course, plain(x.provider), day(x.started_on), day(x.ended_on), wordLabel("training", x.outcome)])),
    table("print-employment", t("caseFile.tab.employment"), [t("caseFile.col.employer"), t("caseFile.col.startedOn"), t("caseFile.col.endedOn")],
      v.employments.map((x) => [v.identity_hidden ? t("caseFile.hidden") : withName ? x.employer : t("print.notShown"), day(x.started_on), day(x.ended_on)])),
  ]);
}
