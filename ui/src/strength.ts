import { t, type MessageKey } from "./i18n";

/** Clamps whatever the core sends to the 0..4 scale of zxcvbn. */
export function strengthLevel(score: number): 0 | 1 | 2 | 3 | 4 {
  if (!Number.isFinite(score)) return 0;
  return Math.min(4, Math.max(0, Math.round(score))) as 0 | 1 | 2 | 3 | 4;
}

export function strengthKey(score: number): MessageKey {
  return `strength.${strengthLevel(score)}`;
}

/** "Very weak" … "Strong". */
export function strengthLabel(score: number): string {
  return t(strengthKey(score));
}
