// The shelter stays tab: the table, discharging an open stay, and admitting (manageIntake),
// with "admit anyway" when the core says the shelter is full.
import type { CaseView } from "../../bindings/CaseView";
import { orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { busyButton, fieldTarget, focusFirst, ProblemForm, selectField, textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { dataTable } from "../table";
import { act, addForm, cells, choose, date, dateField, orgOptions, text, type CaseFileContext, type TabPart } from "./context";

export function staysTab(ctx: CaseFileContext): TabPart {
  const { code, manage } = ctx;

  function dischargeControl(v: CaseView, i: number): HTMLElement {
    const s = v.shelter_stays[i];
    const on = textField({ id: `stay-${i}-discharged-on`, label: t("caseFile.dischargeOnFor", { shelter: s.shelter }), type: "date", value: todayIso() });
    on.wrapper.querySelector("label")?.classList.add("visually-hidden");
    const button = busyButton(`stay-${i}-discharge`, t("caseFile.discharge"), "secondary");
    button.classList.add("button-small");
    button.setAttribute("aria-label", t("caseFile.dischargeFor", { shelter: s.shelter }));
    const problems = new ProblemForm(`stay-${i}-error`, { discharged_on: fieldTarget(on), dischargedOn: fieldTarget(on) });
    button.addEventListener("click", () => {
      problems.clear();
      if (!on.input.value) {
        focusFirst([problems.showAt("discharged_on", t("field.required"))!]);
        return;
      }
      const id = v.entry_ids.shelter_stays[i];
      void act(ctx, button, t("caseFile.saving"), t("caseFile.discharge"), () => ipc.caseDischarge(code, id, on.input.value), problems, t("caseFile.saved.discharged"), () => null);
    });
    return h("div", { class: "row-control" }, [on.wrapper, button, problems.alert]);
  }

  function form(): HTMLFormElement | null {
    if (!manage) return null;
    const shelter = selectField({ id: "stays-shelter", label: t("caseFile.field.shelter"), options: [choose(), ...orgOptions(ctx, (o) => o.kind === "shelter")], required: true });
    const on = dateField("stays-admitted-on", "caseFile.field.admittedOn", true, todayIso());
    const bed = textField({ id: "stays-bed", label: t("caseFile.field.bed") });
    const over = h("input", { id: "stays-over-capacity", attrs: { type: "checkbox", name: "stays-over-capacity" } });
    const overBox = h("div", { id: "stays-over-capacity-field", class: "checkbox checkbox-inline field-wide", attrs: { hidden: true } }, [
      over,
      h("label", { text: t("caseFile.field.overCapacity"), attrs: { for: "stays-over-capacity" } }),
    ]);
    const hideOver = () => { over.checked = false; overBox.hidden = true; };
    shelter.input.addEventListener("change", hideOver);
    return addForm(ctx, {
      tab: "stays", formId: "stays-admit-form", fields: [shelter, on, bed, overBox],
      paths: { shelter: fieldTarget(shelter), admitted_on: fieldTarget(on), bed: fieldTarget(bed) },
      required: [["shelter", shelter], ["admitted_on", on]],
      send: () => ipc.caseAdmit(code, { shelter: shelter.input.value, admitted_on: on.input.value, bed: orNull(bed.input.value), over_capacity: over.checked }),
      reset: () => { shelter.input.value = ""; on.input.value = todayIso(); bed.input.value = ""; hideOver(); },
      special(error, problems) {
        // A full shelter: say so at the shelter and offer "admit anyway".
        const chosen = ctx.orgs().find((o) => o.name === shelter.input.value);
        const atShelter = error.field === "shelter" || error.problems.some((p) => p.path === "shelter");
        if (error.kind !== "invalid" || !atShelter || !chosen || chosen.capacity === null || over.checked) return false;
        problems.show(error);
        overBox.hidden = false;
        over.focus();
        return true;
      },
    });
  }

  return {
    list: (v) => [
      dataTable(
        "stays-table",
        t("caseFile.tab.stays"),
        [t("caseFile.col.shelter"), t("caseFile.col.admittedOn"), t("caseFile.col.bed"), t("caseFile.col.dischargedOn"), ...(manage ? [t("caseFile.col.discharge")] : [])],
        v.shelter_stays.map((s, i) =>
          h("tr", { attrs: { "data-index": String(i) } }, [
            ...cells(s.shelter, date(s.admitted_on), text(v.entry_ids.beds[i] ?? null), s.discharged_on ? date(s.discharged_on) : h("span", { class: "in-shelter", text: t("caseFile.inShelter") })),
            ...(manage ? [h("td", {}, s.discharged_on ? [] : [dischargeControl(v, i)])] : []),
          ]),
        ),
        t("caseFile.empty.stays"),
      ),
    ],
    form: form(),
  };
}
