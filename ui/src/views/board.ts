// The shelter board: each shelter with its beds taken and who is in it today. A resident's row
// opens their case file; for those who manage stays, "Discharge" opens it on the Shelter stays
// tab at that stay's discharge date. Admissions are made from a case file.
import type { Resident } from "../bindings/Resident";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { ShelterBoard } from "../bindings/ShelterBoard";
import type { ShelterOccupancy } from "../bindings/ShelterOccupancy";
import { formatCivil } from "../caseModel";
import { h } from "../dom";
import { hasKey, t } from "../i18n";
import { ipc } from "../ipc";
import { bedBar, occupancy } from "./beds";
import { retryingLoad } from "./retry";
import { screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";
import { canManage, canReadIdentity } from "../permissions";
import { noneCell } from "./table";

export interface BoardDeps extends ScreenDeps {
  onOpenCase(code: string): void;
  /** Opens the case on its Shelter stays tab, at the discharge of stay `stayIndex`. */
  onDischarge?(code: string, stayIndex: number): void;
  /** The case list, to find someone to admit. */
  onOpenCases?(): void;
}

function sectorLabel(sector: string): string {
  const key = `report.sector.${sector}`;
  return hasKey(key) ? t(key) : sector;
}

export function boardView(session: SessionInfo, deps: BoardDeps): View {
  const life = new Lifecycle();
  let opened = false;
  const manage = canManage(session) && !!deps.onDischarge;

  const list = h("div", { id: "board-shelters", class: "board-shelters" });

  let admit: HTMLElement | null = null;
  if (canManage(session) && deps.onOpenCases) {
    const find = h("button", { id: "board-open-cases", class: "button button-secondary", text: t("board.findCase"), attrs: { type: "button" } });
    find.addEventListener("click", () => deps.onOpenCases?.());
    admit = h("div", { id: "board-admit", class: "card board-admit" }, [h("p", { class: "hint", text: t("board.admitHint") }), find]);
  }

  /** Leaves the board once (a double click must not open two screens). */
  function leave(then: () => void): void {
    if (opened || life.disposed) return;
    opened = true;
    then();
  }

  function residentRow(shelter: ShelterOccupancy, r: Resident, showNames: boolean): HTMLTableRowElement {
    const link = h("button", {
      class: "button-link case-link mono",
      text: r.code,
      attrs: { type: "button", "aria-label": t("cases.openCase", { code: r.code }) },
    });
    let discharge: HTMLButtonElement | null = null;
    if (manage) {
      discharge = h("button", {
        class: "button button-secondary button-small",
        text: t("caseFile.discharge"),
        attrs: { type: "button", "data-action": "discharge", "aria-label": t("board.dischargeFor", { code: r.code, shelter: shelter.name }) },
      });
      discharge.addEventListener("click", (event) => {
        event.stopPropagation();
        leave(() => deps.onDischarge?.(r.code, r.stayIndex));
      });
    }
    const tr = h("tr", { class: "case-row", attrs: { "data-code": r.code, "data-stay": String(r.stay) } }, [
      h("th", { attrs: { scope: "row" } }, [link]),
      showNames ? h("td", { class: "resident-name" }, [r.name ?? noneCell()]) : null,
      h("td", { class: "nowrap" }, [h("time", { text: formatCivil(r.admittedOn), attrs: { datetime: r.admittedOn } })]),
      h("td", {}, [r.bed ?? noneCell()]),
      manage ? h("td", { class: "row-actions-cell" }, [discharge]) : null,
    ]);
    // The whole row opens the file by mouse; the code's button by keyboard (Enter or Space).
    tr.addEventListener("click", () => leave(() => deps.onOpenCase(r.code)));
    tr.addEventListener("keydown", (event) => {
      // Enter on the Discharge button is that button's own click.
      if (event.target !== link && event.target !== tr) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        leave(() => deps.onOpenCase(r.code));
      }
    });
    return tr;
  }

  function shelterSection(s: ShelterOccupancy, index: number, showNames: boolean): HTMLElement {
    const titleId = `board-shelter-${index}-title`;
    const head = h("div", { class: "board-shelter-head" }, [
      h("div", {}, [
        h("h2", { id: titleId, class: "subsection-title", text: s.name }),
        h("p", { class: "hint", text: t("board.sector", { sector: sectorLabel(s.sector) }) }),
      ]),
      h("div", { class: "board-beds" }, [occupancy(s.occupied, s.capacity, "board-occupancy"), bedBar(s.occupied, s.capacity)]),
    ]);
    let content: HTMLElement;
    if (s.residents.length) {
      const headers = [
        t("cases.col.code"),
        ...(showNames ? [t("cases.col.name")] : []),
        t("caseFile.col.admittedOn"),
        t("caseFile.col.bed"),
        ...(manage ? [t("board.col.actions")] : []),
      ];
      content = h("div", { class: "table-scroll" }, [
        h("table", { class: "data-table board-table" }, [
          h("caption", { class: "visually-hidden", text: t("board.residents", { shelter: s.name }) }),
          h("thead", {}, [h("tr", {}, headers.map((text) => h("th", { text, attrs: { scope: "col" } })))]),
          h("tbody", {}, s.residents.map((r) => residentRow(s, r, showNames))),
        ]),
      ]);
    } else {
      content = h("p", { class: "empty-note", text: t("board.emptyShelter") });
    }
    return h("section", { class: "card board-shelter", attrs: { "data-shelter": s.name, "aria-labelledby": titleId } }, [head, content]);
  }

  function render(board: ShelterBoard): void {
    // A name column only when the core sent names (users who may read identities).
    const showNames = canReadIdentity(session) && board.shelters.some((s) => s.residents.some((r) => r.name !== undefined && r.name !== null));
    list.replaceChildren(
      ...(board.shelters.length
        ? board.shelters.map((s, i) => shelterSection(s, i, showNames))
        : [h("p", { id: "board-empty", class: "card empty-state", text: t("board.empty") })]),
    );
  }

  const { loading, problem, load } = retryingLoad(life, "board", {
    busy: () => list,
    loadingText: () => t("board.loading"),
    fetch: () => ipc.shelterBoard(),
    render,
    focus: () => title.focus(),
  });

  const { root, title } = screen(
    "board",
    session,
    deps,
    { title: t("board.title"), intro: canReadIdentity(session) ? t("board.intro") : t("board.introCodes"), back: t("cases.back") },
    [loading, problem, admit, list],
  );

  const ready = load();

  return life.view({ root, focus: () => title.focus(), ready });
}
