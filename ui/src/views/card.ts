import { h } from "../dom";
import { t } from "../i18n";
import { languageSwitch } from "./language";

/** `withLanguage`: the language switch beside the brand (unlock and first run). */
export function card(id: string, title: string, children: Node[], extraClass = "", withLanguage = false): HTMLElement {
  const titleId = `${id}-title`;
  const brand = h("p", { class: "brand no-print", text: t("app.name") });
  return h("section", { id, class: `screen screen-centered ${extraClass}`.trim(), attrs: { "aria-labelledby": titleId } }, [
    h("div", { class: "card" }, [
      withLanguage ? h("div", { class: "card-top" }, [brand, languageSwitch()]) : brand,
      h("h1", { id: titleId, class: "card-title", text: title }),
      ...children,
    ]),
  ]);
}
