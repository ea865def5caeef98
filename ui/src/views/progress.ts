// A progress bar for a long backup, restore or vault check: a native <progress> (role
// progressbar, with aria-valuenow) and the stage in words beside it ("Taking a snapshot… 40%").
import type { Progress } from "../bindings/Progress";
import { progressPercent, progressText } from "../backupModel";
import { h } from "../dom";

export interface ProgressBar {
  /** Hidden until `start`. */
  element: HTMLElement;
  bar: HTMLProgressElement;
  text: HTMLParagraphElement;
  /**
   * Shows the bar without a value (nothing heard from the core yet), with `words` if given
   * (a task that reports no progress: "Reading every page…"), else "Starting…".
   */
  start(words?: string): void;
  update(progress: Progress): void;
  hide(): void;
}

/** `id` is the <progress>'s id; its words are `${id}-text`, the whole `${id}-box`. */
export function progressBar(id: string, label: string): ProgressBar {
  const bar = h("progress", { id, class: "progress-bar", attrs: { max: "100", "aria-label": label, "aria-describedby": `${id}-text` } });
  const text = h("p", { id: `${id}-text`, class: "progress-text" });
  const element = h("div", { id: `${id}-box`, class: "progress-box", attrs: { hidden: true } }, [bar, text]);

  function show(progress: Progress | null, own?: string): void {
    element.hidden = false;
    const words = own ?? progressText(progress);
    text.textContent = words;
    bar.setAttribute("aria-valuetext", words);
    if (progress === null) {
      // Indeterminate until the core reports.
      bar.removeAttribute("value");
      bar.removeAttribute("aria-valuenow");
      return;
    }
    const percent = progressPercent(progress);
    bar.value = percent;
    bar.setAttribute("value", String(percent));
    bar.setAttribute("aria-valuenow", String(percent));
    bar.dataset.stage = progress.stage;
  }

  return {
    element,
    bar,
    text,
    start: (words) => show(null, words),
    update: (progress) => show(progress),
    hide() {
      element.hidden = true;
      text.textContent = "";
      bar.removeAttribute("value");
      bar.removeAttribute("aria-valuenow");
      bar.removeAttribute("aria-valuetext");
      delete bar.dataset.stage;
    },
  };
}
