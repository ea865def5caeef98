import { describe, expect, it } from "vitest";
import { checkPeriod, dateInWords, defaultFileName, defaultYear, isIsoDate, periodInWords, presetPeriod, yearChoices } from "./period";

describe("period presets", () => {
  it("a calendar year runs from 1 January to 31 December", () => {
    expect(presetPeriod("calendar-year", 2024)).toEqual({ from: "2024-01-01", to: "2024-12-31" });
    expect(presetPeriod("calendar-year", 1999)).toEqual({ from: "1999-01-01", to: "1999-12-31" });
  });

  it("April – March starts in April of the year chosen and ends in March of the next", () => {
    expect(presetPeriod("april-march", 2024)).toEqual({ from: "2024-04-01", to: "2025-03-31" });
    // Across a century boundary, and a year whose March follows a leap February.
    expect(presetPeriod("april-march", 1999)).toEqual({ from: "1999-04-01", to: "2000-03-31" });
    expect(presetPeriod("april-march", 2023)).toEqual({ from: "2023-04-01", to: "2024-03-31" });
  });

  it("offers this year and the nine before it; the default is last year", () => {
    const today = new Date(2026, 0, 1, 0, 5); // just after New Year
    expect(yearChoices(today)).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017]);
    expect(defaultYear(today)).toBe(2025);
    expect(defaultYear(new Date(2026, 11, 31, 23, 59))).toBe(2025);
  });
});

describe("custom periods", () => {
  it("accepts real ISO dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-13-01")).toBe(false);
    expect(isIsoDate("2024-04-31")).toBe(false);
    expect(isIsoDate("2024-4-1")).toBe(false);
    expect(isIsoDate("")).toBe(false);
    expect(isIsoDate("0001-01-01")).toBe(true);
  });

  it("checks both days are given and in order (a one-day period is fine)", () => {
    expect(checkPeriod("2024-03-01", "2024-03-01")).toEqual({ ok: true, period: { from: "2024-03-01", to: "2024-03-01" } });
    expect(checkPeriod("2024-03-02", "2024-03-01")).toEqual({ ok: false, reason: "reversed" });
    expect(checkPeriod("", "2024-03-01")).toEqual({ ok: false, reason: "incomplete" });
  });

  it("says the period in words, in UTC so no day shifts", () => {
    expect(dateInWords("2024-01-01", "en-GB")).toBe("1 January 2024");
    expect(periodInWords("2024-04-01", "2025-03-31", "en-GB")).toBe("1 April 2024 to 31 March 2025, both days included");
    expect(periodInWords("2024-04-01", "", "en-GB")).toBe("Choose the first and the last day of the period.");
    expect(periodInWords("2025-04-01", "2024-03-31", "en-GB")).toBe("The last day is before the first day.");
  });

  it("names the saved file after the period", () => {
    expect(defaultFileName({ from: "2024-01-01", to: "2024-12-31" }, "xlsx")).toBe("haven-indicators-2024-01-01-to-2024-12-31.xlsx");
  });
});
