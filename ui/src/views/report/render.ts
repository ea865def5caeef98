// The report's rendering, pure DOM from the report: a section per indicator with its tables
// (suppressed cells marked, with the legend) and a small chart.
import type { Cell } from "../../bindings/Cell";
import type { IndicatorReport } from "../../bindings/IndicatorReport";
import { barChart } from "../../chart";
import { h } from "../../dom";
import { t } from "../../i18n";
import { periodInWords } from "../../period";
import { consolidationText } from "../../relayModel";
import { earlierReleasesNote } from "../../releasesModel";
import {
  breakdownKey,
  categories,
  categoryLabel,
  dimensionLabel,
  formatValue,
  groupTitle,
  indicatorTitle,
  isAmount,
  isSuppressed,
  MULTI_VALUED,
  numericValue,
  sections,
  type Group,
  type IndicatorSection,
} from "../../reportModel";

export function renderReport(report: IndicatorReport): Node[] {
  const k = report.disclosure_control.min_cell;
  const nodes: Node[] = [
    h("p", {
      id: "report-summary",
      class: "report-summary",
      text: t("report.summary", { period: periodInWords(report.period.from, report.period.to), k }),
    }),
  ];
  if (report.consolidation) {
    nodes.push(h("p", { id: "report-consolidation", class: "report-summary", text: consolidationText(report.consolidation) }));
  }
  if (report.disclosure_control.exact_small_counts) {
    nodes.push(h("p", { id: "report-exact-small-counts", class: "notice notice-warning", text: t("report.exactSmallCounts") }));
  }
  // Cells withheld only to protect earlier releases: said beside the tables, marked like the rest.
  const earlier = earlierReleasesNote(report.disclosure_control);
  if (earlier) {
    const n = String(report.disclosure_control.suppressed_for_earlier_releases);
    nodes.push(h("p", { id: "report-earlier-releases", class: "notice report-earlier-releases", text: earlier, attrs: { "data-cells": n } }));
  }
  nodes.push(legend(k));
  for (const section of sections(report)) nodes.push(renderSection(section));
  return nodes;
}

function suppressedBadge(): HTMLElement {
  return h("span", {
    class: "suppressed-badge",
    text: t("report.suppressedMarker"),
    attrs: { role: "img", "aria-label": t("report.suppressed"), title: t("report.suppressedTitle") },
  });
}

function legend(k: number): HTMLElement {
  const first = k <= 1 ? t("report.legend.none") : k === 2 ? t("report.legend.one") : t("report.legend.range", { max: k - 1 });
  return h("aside", { id: "report-legend", class: "report-legend", attrs: { "aria-labelledby": "report-legend-title", "data-min-cell": String(k) } }, [
    h("h2", { id: "report-legend-title", class: "subsection-title", text: t("report.legend.title") }),
    h("p", { class: "legend-marker" }, [suppressedBadge(), " ", t("report.legend.marker")]),
    h("ul", { class: "legend-list" }, [
      h("li", { text: first }),
      h("li", { text: t("report.legend.secondary") }),
      h("li", { text: t("report.legend.table", { k }) }),
      h("li", { text: t("report.legend.zero") }),
      h("li", { text: t("report.legend.amounts", { k }) }),
    ]),
  ]);
}

/** One value: a `<td>` carrying the cell's identity, the number or the suppressed marker. */
export function valueCell(cell: Cell): HTMLTableCellElement {
  const suppressed = isSuppressed(cell);
  const td = h("td", {
    class: suppressed ? "num is-suppressed" : "num",
    attrs: {
      "data-cell": true,
      "data-indicator": cell.indicator,
      "data-breakdown": breakdownKey(cell.breakdown),
      "data-suppressed": suppressed ? "true" : undefined,
    },
  });
  if (suppressed) td.append(suppressedBadge());
  else td.textContent = formatValue(cell.value as NonNullable<Cell["value"]>);
  return td;
}

function valueHeader(section: IndicatorSection): string {
  return isAmount(section.indicator) ? t("report.col.amount") : t("report.col.count");
}

function renderTable(section: IndicatorSection, group: Group): HTMLElement {
  const table = h("table", { class: "report-table", attrs: { "data-group": group.id } }, [h("caption", { text: groupTitle(group.id) })]);
  const dims = group.dimensions;
  if (dims.length === 2) {
    // A real two-way table: the first dimension's categories as rows, the second's as columns.
    const [rowDim, colDim] = dims;
    const rows = categories(group.cells, rowDim);
    const cols = categories(group.cells, colDim);
    table.classList.add("report-table-2d");
    table.append(
      h("thead", {}, [
        h("tr", {}, [
          // The first column holds the row categories; the caption names both dimensions.
          h("th", { text: dimensionLabel(rowDim), attrs: { scope: "col" } }),
          ...cols.map((c) => h("th", { class: "num", text: categoryLabel(colDim, c), attrs: { scope: "col" } })),
        ]),
      ]),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h("tr", {}, [
            h("th", { text: categoryLabel(rowDim, r), attrs: { scope: "row" } }),
            ...cols.map((c) => {
              const cell = group.cells.find((x) => x.breakdown[rowDim] === r && x.breakdown[colDim] === c);
              return cell ? valueCell(cell) : h("td", { class: "num" });
            }),
          ]),
        ),
      ),
    );
    return table;
  }
  const dim = dims[0];
  table.append(
    h("thead", {}, [
      h("tr", {}, [
        h("th", { text: dims.length ? dims.map(dimensionLabel).join(" × ") : dimensionLabel("total"), attrs: { scope: "col" } }),
        h("th", { class: "num", text: valueHeader(section), attrs: { scope: "col" } }),
      ]),
    ]),
  );
  const ordered =
    dims.length === 1
      ? categories(group.cells, dim).flatMap((c) => group.cells.filter((x) => x.breakdown[dim] === c))
      : group.cells;
  table.append(
    h(
      "tbody",
      {},
      ordered.map((cell) =>
        h("tr", {}, [
          h("th", {
            text: dims.length ? dims.map((d) => categoryLabel(d, String(cell.breakdown[d]))).join(" · ") : t("report.rowTotal"),
            attrs: { scope: "row" },
          }),
          valueCell(cell),
        ]),
      ),
    ),
  );
  return table;
}

function renderChart(section: IndicatorSection): SVGSVGElement | null {
  const groupId = isAmount(section.indicator) ? "currency" : "sex";
  const group = section.groups.find((g) => g.id === groupId);
  if (!group || !group.cells.length) return null;
  const dim = group.dimensions[0];
  const bars = categories(group.cells, dim).map((category) => {
    const cell = group.cells.find((c) => c.breakdown[dim] === category)!;
    const value = numericValue(cell);
    return {
      key: category,
      label: categoryLabel(dim, category),
      value,
      display: value === null ? "" : formatValue(cell.value as NonNullable<Cell["value"]>),
    };
  });
  return barChart({ title: indicatorTitle(section.indicator), group: groupTitle(groupId), bars });
}

function renderSection(section: IndicatorSection): HTMLElement {
  const titleId = `report-indicator-${section.indicator}`;
  const tables = h("div", { class: "report-tables" });
  for (const group of section.groups) {
    const wrap = h("div", { class: "report-table-wrap" }, [renderTable(section, group)]);
    if (group.dimensions.length === 1 && MULTI_VALUED.includes(group.dimensions[0])) {
      wrap.append(h("p", { class: "hint table-note", text: t("report.multiValued") }));
    }
    tables.append(wrap);
  }
  if (!section.groups.length) {
    tables.append(h("p", { class: "hint", text: isAmount(section.indicator) ? t("report.noAmounts") : t("report.noCells") }));
  }
  const chart = renderChart(section);
  const chartGroup = isAmount(section.indicator) ? "currency" : "sex";
  return h("section", { class: "card report-indicator", attrs: { "data-indicator": section.indicator, "aria-labelledby": titleId } }, [
    h("h2", { id: titleId, class: "subsection-title", text: indicatorTitle(section.indicator) }),
    h("div", { class: "report-indicator-body" }, [tables, chart
      ? h("div", { class: "report-chart" }, [
          // A visible caption for sighted readers; the chart's own label says it all to others.
          h("p", { class: "chart-caption", text: groupTitle(chartGroup), attrs: { "aria-hidden": "true" } }),
          chart,
        ])
      : null]),
  ]);
}
