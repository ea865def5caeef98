// "Copy" beside an identifying value (a name, a phone number): the shell puts the value on the
// clipboard and clears it after 30 seconds (or at lock and quit) unless something else was
// copied since. The value never goes anywhere else: no log, no storage.
import { h } from "../dom";
import { language, t, type MessageKey } from "../i18n";
import { ipc, toIpcError } from "../ipc";
import { formAlert } from "../form";

/** How long the shell keeps a copied value on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000;

export interface Copier {
  /** "Copied. It will be cleared…" (polite); kept in the DOM so each copy is announced. */
  status: HTMLParagraphElement;
  /** Why a copy failed. */
  error: HTMLDivElement;
  /** A small "Copy" button for `value`; `label` names what it copies ("Copy the name"). */
  button(options: { id: string; testId?: string; label: MessageKey; value: string }): HTMLButtonElement;
  dispose(): void;
}

/** `id`: the status line's id (the error alert is `${id}-error`). */
export function copier(id: string): Copier {
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;
  const status = h("p", { id, class: "copy-status", attrs: { role: "status", "aria-live": "polite" } });
  const error = formAlert(`${id}-error`);

  function stopTimer(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  async function copy(value: string): Promise<void> {
    const mine = ++seq;
    stopTimer();
    // Emptied first, so that the same sentence is announced again for a second copy.
    status.textContent = "";
    error.textContent = "";
    try {
      await ipc.clipboardCopy(value);
      if (disposed || mine !== seq) return;
      status.textContent = t("copy.done");
      // The sentence goes when the clipboard is cleared.
      timer = setTimeout(() => {
        timer = null;
        if (!disposed && mine === seq) status.textContent = "";
      }, CLIPBOARD_CLEAR_MS);
    } catch (e) {
      if (disposed || mine !== seq) return;
      const failure = toIpcError(e);
      if (failure.kind === "locked") return;
      // The core's sentence in English; never the value.
      error.textContent = language() === "en" && failure.message.trim() ? failure.message : t("copy.unavailable");
    }
  }

  return {
    status,
    error,
    button({ id: buttonId, testId, label, value }) {
      const button = h("button", {
        id: buttonId,
        class: "button button-secondary button-small button-copy no-print",
        text: t("copy.button"),
        attrs: { type: "button", "aria-label": t(label), "data-testid": testId },
      });
      button.addEventListener("click", () => void copy(value));
      return button;
    },
    dispose() {
      disposed = true;
      stopTimer();
    },
  };
}
