// The employment tab: jobs, and recording one (recordServices). Employers are identity: a
// role that may not read identities sees the jobs and their dates, and "hidden" for the employer.
import type { CaseView } from "../../bindings/CaseView";
import { orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { dataTable } from "../table";
import { cells, date, dateField, fieldsForm, hiddenCell, type CaseFileContext, type TabPart } from "./context";

/** An employer names where the person was: identity. The core leaves it empty for a role without it. */
const employerCell = (v: CaseView, employer: string) => (v.identity_hidden ? hiddenCell() : employer);

export function employmentTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const employer = textField({ id: "employment-employer", label: t("caseFile.field.employer"), required: true });
    const started = dateField("employment-started-on", "caseFile.field.startedOn", true, todayIso());
    const ended = dateField("employment-ended-on", "caseFile.field.endedOn", false);
    return fieldsForm(ctx, "employment", { employer, started_on: [started, todayIso], ended_on: ended }, () =>
      ipc.caseRecordEmployment(ctx.code, { employer: employer.input.value.trim(), started_on: started.input.value, ended_on: orNull(ended.input.value) }));
  }
  return {
    list: (v) => [
      dataTable("employment-table", t("caseFile.tab.employment"), [t("caseFile.col.employer"), t("caseFile.col.startedOn"), t("caseFile.col.endedOn")],
        v.employments.map((x) => h("tr", {}, cells(employerCell(v, x.employer), date(x.started_on), date(x.ended_on)))), t("caseFile.empty.employment")),
    ],
    form: form(),
  };
}
