import { describe, expect, it } from "vitest";
import { isLockChord, type KeyChord } from "./keys";

const chord = (over: Partial<KeyChord>): KeyChord => ({ key: "l", code: "KeyL", ctrlKey: false, metaKey: false, altKey: false, ...over });

describe("isLockChord", () => {
  it("accepts Ctrl+L and Cmd+L", () => {
    expect(isLockChord(chord({ ctrlKey: true }))).toBe(true);
    expect(isLockChord(chord({ metaKey: true }))).toBe(true);
    expect(isLockChord(chord({ ctrlKey: true, key: "L" }))).toBe(true); // Caps Lock or Shift
  });

  it("rejects L alone, other letters, and AltGr/Alt combinations", () => {
    expect(isLockChord(chord({}))).toBe(false);
    expect(isLockChord(chord({ ctrlKey: true, key: "k", code: "KeyK" }))).toBe(false);
    expect(isLockChord(chord({ ctrlKey: true, altKey: true }))).toBe(false);
    expect(isLockChord(chord({ ctrlKey: true, key: "Control", code: "ControlLeft" }))).toBe(false);
  });

  it("follows the layout for Latin letters and the physical key otherwise", () => {
    // Russian layout: the L key types "д".
    expect(isLockChord(chord({ ctrlKey: true, key: "д", code: "KeyL" }))).toBe(true);
    // Dvorak: the key at KeyL types "n"; "l" sits at KeyP.
    expect(isLockChord(chord({ ctrlKey: true, key: "n", code: "KeyL" }))).toBe(false);
    expect(isLockChord(chord({ ctrlKey: true, key: "l", code: "KeyP" }))).toBe(true);
  });
});
