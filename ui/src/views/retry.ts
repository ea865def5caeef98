// A section that loads on its own: a loading line, an error line and a retry button next to
// it (the shelter board and the dashboard's figures).
import type { IpcError } from "../bindings/IpcError";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import type { Lifecycle } from "./view";

export interface RetrySpec<T> {
  /** What carries aria-busy while loading. */
  busy(): HTMLElement;
  loadingText(): string;
  fetch(): Promise<T>;
  render(value: T): void;
  /** Where focus goes when the retry button had it and the load then succeeded. */
  focus(): void;
  /** The error line's text (default: the error's message). */
  message?(error: IpcError): string;
}

export interface Retrying {
  /** The loading line (`<prefix>-loading`). */
  loading: HTMLElement;
  /** The error line and the retry button (`<prefix>-error`, `<prefix>-retry`). */
  problem: HTMLElement;
  /** Loads (again); the retry button calls it too. */
  load(): Promise<void>;
}

export function retryingLoad<T>(life: Lifecycle, prefix: string, spec: RetrySpec<T>): Retrying {
  const loading = h("p", { id: `${prefix}-loading`, class: "hint", attrs: { role: "status" } });
  const failure = h("div", { id: `${prefix}-error`, class: "form-alert", attrs: { role: "alert" } });
  const retry = h("button", { id: `${prefix}-retry`, class: "button button-secondary button-small", text: t("app.retry"), attrs: { type: "button", hidden: true } });
  const problem = h("div", { class: "figures-problem" }, [failure, retry]);

  async function load(): Promise<void> {
    const busy = spec.busy();
    busy.setAttribute("aria-busy", "true");
    loading.textContent = spec.loadingText();
    failure.textContent = "";
    retry.disabled = true;
    try {
      const value = await spec.fetch();
      if (life.disposed) return;
      const retried = document.activeElement === retry;
      spec.render(value);
      retry.hidden = true;
      if (retried) spec.focus();
    } catch (e) {
      const error = life.failure(e);
      if (!error) return;
      failure.textContent = spec.message ? spec.message(error) : errorMessage(error);
      retry.hidden = false;
    } finally {
      if (!life.disposed) {
        loading.textContent = "";
        retry.disabled = false;
        busy.removeAttribute("aria-busy");
      }
    }
  }
  retry.addEventListener("click", () => void load());
  return { loading, problem, load };
}
