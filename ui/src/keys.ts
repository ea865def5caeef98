/** The subset of KeyboardEvent the shortcut check needs (easy to fake in tests). */
export type KeyChord = Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "altKey">;

/**
 * Ctrl+L (Cmd+L on macOS) locks Haven. The letter is matched by `key`, so it
 * follows the keyboard layout; on layouts that do not type Latin letters (for
 * example Russian) the physical L key (`code`) counts instead.
 */
export function isLockChord(e: KeyChord): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
  const key = e.key ?? "";
  if (key.toLowerCase() === "l") return true;
  const typesLatinLetter = /^[a-z]$/i.test(key);
  return !typesLatinLetter && e.code === "KeyL";
}
