// A small horizontal bar chart drawn as inline SVG: no library, no remote script, no inline
// style (classes from styles.css; geometry as SVG presentation attributes). The chart is a
// picture for sighted readers; the table next to it is the accessible data.
import { t } from "./i18n";

const SVG_NS = "http://www.w3.org/2000/svg";

export interface Bar {
  /** The category's key (e.g. `female`), kept on the bar as `data-category`. */
  key: string;
  /** The category for people (e.g. "Female"). */
  label: string;
  /** The value; null when suppressed. */
  value: number | null;
  /** The value as shown in the table (formatted). Ignored when suppressed. */
  display: string;
}

export interface ChartOptions {
  /** What is counted, e.g. "Victims identified". */
  title: string;
  /** How it is broken down, e.g. "By sex". */
  group: string;
  bars: Bar[];
}

export const CHART = {
  width: 360,
  labelWidth: 110,
  valueWidth: 80,
  rowHeight: 28,
  barHeight: 16,
  padding: 6,
} as const;

let patternCounter = 0;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  children: Array<Node | string> = [],
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.append(child);
  return el;
}

/** The chart's text alternative: every bar, suppressed ones said as such. */
export function chartLabel(options: ChartOptions): string {
  const items = options.bars
    .map((b) => t("report.chartItem", { label: b.label, value: b.value === null ? t("report.suppressed") : b.display }))
    .join("; ");
  return t("report.chartLabel", { title: options.title, group: options.group.toLowerCase(), items });
}

/**
 * Draws one bar per category. A suppressed category is an empty hatched, dashed outline
 * across the whole track, labelled "c": never a length that could be read as a value.
 */
export function barChart(options: ChartOptions): SVGSVGElement {
  const { width, labelWidth, valueWidth, rowHeight, barHeight, padding } = CHART;
  const track = width - labelWidth - valueWidth;
  const height = options.bars.length * rowHeight + padding * 2;
  const max = Math.max(0, ...options.bars.map((b) => (b.value === null ? 0 : b.value)));
  const patternId = `chart-hatch-${++patternCounter}`;

  const root = svg("svg", {
    class: "chart",
    role: "img",
    "aria-label": chartLabel(options),
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    focusable: "false",
  });
  root.append(
    svg("defs", {}, [
      svg("pattern", { id: patternId, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, [
        svg("line", { class: "chart-hatch", x1: 0, y1: 0, x2: 0, y2: 6 }),
      ]),
    ]),
  );

  options.bars.forEach((bar, i) => {
    const y = padding + i * rowHeight;
    const barY = y + (rowHeight - barHeight) / 2;
    const textY = y + rowHeight / 2;
    const suppressed = bar.value === null;
    const g = svg("g", { class: "chart-row", "data-category": bar.key, ...(suppressed ? { "data-suppressed": "true" } : {}) });
    g.append(
      svg("title", {}, [
        t("report.chartItem", { label: bar.label, value: suppressed ? t("report.suppressed") : bar.display }),
      ]),
      svg("text", { class: "chart-label", x: labelWidth - 8, y: textY, "text-anchor": "end", "dominant-baseline": "central" }, [bar.label]),
    );
    if (suppressed) {
      g.append(
        svg("rect", {
          class: "chart-bar chart-bar-suppressed",
          x: labelWidth + 0.5,
          y: barY + 0.5,
          width: track - 1,
          height: barHeight - 1,
          fill: `url(#${patternId})`,
        }),
        svg("text", { class: "chart-value chart-marker", x: labelWidth + track + 6, y: textY, "dominant-baseline": "central" }, [
          t("report.suppressedMarker"),
        ]),
      );
    } else {
      const length = max > 0 ? (Math.max(0, bar.value ?? 0) / max) * track : 0;
      g.append(
        svg("rect", { class: "chart-bar chart-bar-value", x: labelWidth, y: barY, width: Number(length.toFixed(2)), height: barHeight }),
        svg("text", { class: "chart-value", x: labelWidth + length + 6, y: textY, "dominant-baseline": "central" }, [bar.display]),
      );
    }
    root.append(g);
  });
  root.append(svg("line", { class: "chart-axis", x1: labelWidth, y1: padding / 2, x2: labelWidth, y2: height - padding / 2 }));
  return root;
}
