import { describe, expect, it } from "vitest";
import { barChart, CHART } from "./chart";

const bars = [
  { key: "female", label: "Female", value: 40, display: "40" },
  { key: "male", label: "Male", value: 20, display: "20" },
  { key: "other", label: "Other", value: null, display: "" },
  { key: "unknown", label: "Unknown", value: 0, display: "0" },
];

describe("barChart", () => {
  it("is an accessible image with one bar per category", () => {
    const svg = barChart({ title: "Victims identified", group: "By sex", bars });
    expect(svg.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(svg.tagName.toLowerCase()).toBe("svg");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe("Bar chart, Victims identified, by sex: Female 40; Male 20; Other suppressed; Unknown 0.");
    const rows = svg.querySelectorAll("g.chart-row");
    expect(Array.from(rows).map((g) => g.getAttribute("data-category"))).toEqual(["female", "male", "other", "unknown"]);
    expect(svg.querySelectorAll("rect.chart-bar").length).toBe(4);
    expect(svg.getAttribute("style")).toBeNull();
  });

  it("scales published bars to the largest value; zero has no length", () => {
    const svg = barChart({ title: "T", group: "By sex", bars });
    const width = (key: string) => Number(svg.querySelector(`g[data-category="${key}"] rect`)!.getAttribute("width"));
    const track = CHART.width - CHART.labelWidth - CHART.valueWidth;
    expect(width("female")).toBe(track);
    expect(width("male")).toBe(track / 2);
    expect(width("unknown")).toBe(0);
    expect(svg.querySelector('g[data-category="male"] .chart-value')?.textContent).toBe("20");
  });

  it("draws a suppressed category as an empty hatched outline marked c, never as a value", () => {
    const svg = barChart({ title: "T", group: "By sex", bars });
    const other = svg.querySelector('g[data-category="other"]')!;
    expect(other.getAttribute("data-suppressed")).toBe("true");
    const rect = other.querySelector("rect")!;
    expect(rect.classList.contains("chart-bar-suppressed")).toBe(true);
    expect(rect.classList.contains("chart-bar-value")).toBe(false);
    expect(rect.getAttribute("fill")).toMatch(/^url\(#chart-hatch-\d+\)$/);
    const patternId = rect.getAttribute("fill")!.slice(5, -1);
    expect(svg.querySelector(`pattern[id="${patternId}"]`)).not.toBeNull();
    expect(other.querySelector(".chart-marker")?.textContent).toBe("c");
    expect(other.querySelector("title")?.textContent).toBe("Other suppressed");
    // Only published bars are filled.
    expect(svg.querySelectorAll('g:not([data-suppressed]) rect.chart-bar-value').length).toBe(3);
  });

  it("copes with every category suppressed and with amounts", () => {
    const all = barChart({ title: "T", group: "By sex", bars: bars.map((b) => ({ ...b, value: null })) });
    expect(all.querySelectorAll("[data-suppressed]").length).toBe(4);
    const money = barChart({ title: "Allowance paid (amount)", group: "By currency", bars: [{ key: "AZN", label: "AZN", value: 21200, display: "21,200.00" }] });
    expect(money.getAttribute("aria-label")).toBe("Bar chart, Allowance paid (amount), by currency: AZN 21,200.00.");
    // Each chart has its own hatch pattern id.
    expect(all.querySelector("pattern")!.id).not.toBe(money.querySelector("pattern")!.id);
  });
});
