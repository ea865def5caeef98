// How full a shelter is: "31 / 50" (with a full sentence for screen readers) and a small bar
// drawn as SVG (geometry in attributes, colours in styles.css: no inline styles under the CSP).
import { formatCount } from "../caseModel";
import { h } from "../dom";
import { t } from "../i18n";

const SVG_NS = "http://www.w3.org/2000/svg";
/** The bar's drawing width; it is scaled to its box by CSS. */
const BAR_WIDTH = 100;
const BAR_HEIGHT = 8;

export function isOverCapacity(occupied: number, capacity: number | null): boolean {
  return capacity !== null && occupied > capacity;
}

/** "31 / 50" shown, "31 of 50 beds taken" read out; `id` on the outer span when given. */
export function occupancy(occupied: number, capacity: number | null, className: string, id?: string): HTMLElement {
  const params = { occupied: formatCount(occupied), capacity: capacity === null ? "" : formatCount(capacity) };
  const shown = capacity === null ? t("beds.noCapacity", params) : t("beds.occupancy", params);
  const spoken = capacity === null ? t("beds.noCapacityLabel", params) : t("beds.occupancyLabel", params);
  const over = isOverCapacity(occupied, capacity);
  return h("span", { id, class: `${className}${over ? " is-over" : ""}` }, [
    h("span", { class: "occupancy-figure", text: shown, attrs: { "aria-hidden": "true" } }),
    h("span", { class: "visually-hidden", text: spoken }),
    over ? h("span", { class: "over-capacity", text: ` ${t("beds.over")}` }) : null,
  ]);
}

/** The bar (decorative: the numbers beside it say the same); null without a capacity. */
export function bedBar(occupied: number, capacity: number | null): SVGSVGElement | null {
  if (capacity === null || capacity <= 0) return null;
  const share = Math.min(occupied / capacity, 1);
  const over = occupied > capacity;
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", "bed-bar");
  svg.setAttribute("viewBox", `0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const track = document.createElementNS(SVG_NS, "rect");
  track.setAttribute("class", "bed-bar-track");
  track.setAttribute("width", String(BAR_WIDTH));
  track.setAttribute("height", String(BAR_HEIGHT));
  track.setAttribute("rx", "2");
  const fill = document.createElementNS(SVG_NS, "rect");
  fill.setAttribute("class", over ? "bed-bar-fill bed-bar-over" : share >= 0.9 ? "bed-bar-fill bed-bar-high" : "bed-bar-fill");
  fill.setAttribute("width", String(Math.round(share * BAR_WIDTH * 10) / 10));
  fill.setAttribute("height", String(BAR_HEIGHT));
  fill.setAttribute("rx", "2");
  fill.setAttribute("data-share", String(share));
  svg.append(track, fill);
  return svg;
}
