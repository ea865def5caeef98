import { describe, expect, it } from "vitest";
import { strengthLabel, strengthLevel } from "./strength";

describe("strength labels", () => {
  it("maps each zxcvbn score to its label", () => {
    expect([0, 1, 2, 3, 4].map(strengthLabel)).toEqual(["Very weak", "Weak", "Fair", "Good", "Strong"]);
  });

  it("clamps out-of-range and odd scores", () => {
    expect(strengthLevel(-3)).toBe(0);
    expect(strengthLevel(9)).toBe(4);
    expect(strengthLevel(2.6)).toBe(3);
    expect(strengthLevel(Number.NaN)).toBe(0);
    expect(strengthLabel(7)).toBe("Strong");
  });
});

describe("i18n", () => {
  it("fills placeholders and picks plural forms", async () => {
    const { t, tn } = await import("./i18n");
    expect(tn("dashboard.autoLock", 1)).toBe("Haven locks after 1 minute without keyboard or mouse activity.");
    expect(tn("dashboard.autoLock", 15)).toBe("Haven locks after 15 minutes without keyboard or mouse activity.");
    expect(t("role.admin")).toBe("Admin");
  });
});
