// The training tab: vocational trainings, and recording one (recordServices).
import type { TrainingOutcome } from "../../bindings/TrainingOutcome";
import { orNull, todayIso } from "../../caseModel";
import { h } from "../../dom";
import { fieldTarget, selectField, textField } from "../../form";
import { t } from "../../i18n";
import { ipc } from "../../ipc";
import { wordLabel, wordOptions } from "../../vocab";
import { dataTable } from "../table";
import { addForm, cells, date, dateField, text, type CaseFileContext, type TabPart } from "./context";

export function trainingTab(ctx: CaseFileContext): TabPart {
  function form(): HTMLFormElement | null {
    if (!ctx.record) return null;
    const course = textField({ id: "training-course", label: t("caseFile.field.course"), required: true });
    const provider = textField({ id: "training-provider", label: t("caseFile.field.trainingProvider") });
    const started = dateField("training-started-on", "caseFile.field.startedOn", true, todayIso());
    const ended = dateField("training-ended-on", "caseFile.field.endedOn", false);
    const outcome = selectField({ id: "training-outcome", label: t("caseFile.field.outcome"), options: wordOptions("training"), value: "enrolled" });
    return addForm(ctx, {
      tab: "training", formId: "training-form", fields: [course, provider, started, ended, outcome],
      paths: { course: fieldTarget(course), provider: fieldTarget(provider), started_on: fieldTarget(started), ended_on: fieldTarget(ended), outcome: fieldTarget(outcome) },
      required: [["course", course], ["started_on", started]],
      send: () => ipc.caseRecordTraining(ctx.code, {
        course: course.input.value.trim(),
        provider: orNull(provider.input.value),
        started_on: started.input.value,
        ended_on: orNull(ended.input.value),
        outcome: outcome.input.value as TrainingOutcome,
      }),
      reset: () => { course.input.value = ""; provider.input.value = ""; started.input.value = todayIso(); ended.input.value = ""; outcome.input.value = "enrolled"; },
    });
  }
  return {
    list: (v) => [
      dataTable("training-table", t("caseFile.tab.training"),
        [t("caseFile.col.course"), t("caseFile.col.provider"), t("caseFile.col.startedOn"), t("caseFile.col.endedOn"), t("caseFile.col.outcome")],
        v.trainings.map((x) => h("tr", {}, cells(x.course, text(x.provider), date(x.started_on), date(x.ended_on), wordLabel("training", x.outcome)))),
        t("caseFile.empty.training")),
    ],
    form: form(),
  };
}
