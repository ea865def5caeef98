import { describe, expect, it } from "vitest";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import { baseName, breakdownKey, categories, categoryLabel, formatBytes, formatValue, INDICATORS, sections } from "./reportModel";

describe("breakdownKey", () => {
  it("is total for the empty breakdown", () => {
    expect(breakdownKey({})).toBe("total");
  });

  it("joins key=value pairs in the fixed key order, whatever the object's order", () => {
    expect(breakdownKey({ sex: "female" })).toBe("sex=female");
    expect(breakdownKey({ age_group: "child", sex: "female" })).toBe("sex=female,age_group=child");
    expect(breakdownKey({ currency: "AZN" })).toBe("currency=AZN");
    expect(breakdownKey({ currency: "USD", sector: "ngo", recognition: "potential", exploitation: "forced_labour", age_group: "adult", sex: "male" })).toBe(
      "sex=male,age_group=adult,exploitation=forced_labour,recognition=potential,sector=ngo,currency=USD",
    );
  });
});

describe("values for people", () => {
  it("formats counts with thousands separators and keeps amounts' decimals exactly", () => {
    expect(formatValue(0, "en-GB")).toBe("0");
    expect(formatValue(1234567, "en-GB")).toBe("1,234,567");
    expect(formatValue("21200.00", "en-GB")).toBe("21,200.00");
    expect(formatValue("12345678901234567.05", "en-GB")).toBe("12,345,678,901,234,567.05");
    expect(formatValue("0.50", "en-GB")).toBe("0.50");
    expect(formatValue("7", "en-GB")).toBe("7");
  });

  it("labels categories in words", () => {
    expect(categoryLabel("sex", "female")).toBe("Female");
    expect(categoryLabel("age_group", "child")).toBe("Child (under 18)");
    expect(categoryLabel("exploitation", "forced_labour")).toBe("Forced labour");
    expect(categoryLabel("recognition", "recognized")).toBe("Recognized");
    expect(categoryLabel("sector", "ngo")).toBe("NGO");
    expect(categoryLabel("currency", "AZN")).toBe("AZN");
    expect(categoryLabel("exploitation", "new_kind")).toBe("New kind");
  });

  it("shows a file's base name and size", () => {
    expect(baseName("/home/amina/Reports/haven.xlsx")).toBe("haven.xlsx");
    expect(baseName("C:\\Users\\amina\\haven.csv")).toBe("haven.csv");
    expect(baseName("haven.json")).toBe("haven.json");
    expect(formatBytes(1, "en-GB")).toBe("1 byte");
    expect(formatBytes(900, "en-GB")).toBe("900 bytes");
    expect(formatBytes(12_390, "en-GB")).toBe("12.1 KB");
    expect(formatBytes(3 * 1024 * 1024, "en-GB")).toBe("3 MB");
  });
});

describe("sections", () => {
  const report: IndicatorReport = {
    report: "indicators",
    period: { from: "2024-01-01", to: "2024-12-31" },
    disclosure_control: { method: "small-cell suppression", min_cell: 11 },
    generated_at: "2025-01-02T10:00:00Z",
    generator: "haven 0.1.0",
    cells: [
      { indicator: "victims_identified", breakdown: { sex: "unknown" }, value: 0 as never },
      { indicator: "victims_identified", breakdown: { sex: "female", age_group: "child" }, value: null, suppressed: true },
      { indicator: "victims_identified", breakdown: {}, value: 54 as never },
      { indicator: "victims_identified", breakdown: { sex: "female" }, value: 54 as never },
    ],
  };

  it("lists every indicator in the spec's order, groups in display order", () => {
    const s = sections(report);
    expect(s.map((x) => x.indicator)).toEqual(INDICATORS);
    expect(s[0].groups.map((g) => g.id)).toEqual(["total", "sex", "sex,age_group"]);
    expect(s[1].groups).toEqual([]);
  });

  it("orders categories as the spec lists them", () => {
    const cells = sections(report)[0].groups[1].cells;
    expect(categories(cells, "sex")).toEqual(["female", "unknown"]);
  });
});
