// The screen shown when the vault could not be opened at start: the core's words and "Try again".
import { h } from "../dom";
import { t } from "../i18n";
import { card, Lifecycle, type View } from "./view";

/** "Haven could not open the vault", with the core's words and "Try again". */
export function startErrorView(message: string, onRetry: () => void): View {
  const retry = h("button", { id: "retry", class: "button button-primary", text: t("app.retry"), attrs: { type: "button" } });
  retry.addEventListener("click", () => onRetry());
  const root = card("start-error", t("app.startFailed"), [
    h("p", { class: "form-alert", text: message, attrs: { role: "alert" } }),
    h("div", { class: "actions" }, [retry]),
  ]);
  return new Lifecycle().view({ root, focus: () => retry.focus(), clear: false });
}
