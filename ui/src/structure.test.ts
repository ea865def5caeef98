// The size limit of the UI's modules: none over 450 lines, so that no screen grows back into
// one long function (test files, the generated bindings and commands.ts are exempt).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const LIMIT = 450;
const SRC = join(__dirname);
const EXEMPT = [join(SRC, "bindings"), join(SRC, "commands.ts")];

function modules(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (EXEMPT.includes(path)) continue;
    if (statSync(path).isDirectory()) found.push(...modules(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

describe("module size", () => {
  it(`keeps every UI module under ${LIMIT} lines`, () => {
    const all = modules(SRC);
    expect(all.length).toBeGreaterThan(10);
    const tooLong = all
      .map((path) => ({ file: relative(SRC, path), lines: readFileSync(path, "utf8").split("\n").length }))
      .filter((m) => m.lines > LIMIT);
    expect(tooLong).toEqual([]);
  });
});
