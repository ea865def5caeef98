import { h } from "../dom";
import { t } from "../i18n";

export function card(id: string, title: string, children: Node[], extraClass = ""): HTMLElement {
  const titleId = `${id}-title`;
  return h("section", { id, class: `screen screen-centered ${extraClass}`.trim(), attrs: { "aria-labelledby": titleId } }, [
    h("div", { class: "card" }, [
      h("p", { class: "brand no-print", text: t("app.name") }),
      h("h1", { id: titleId, class: "card-title", text: title }),
      ...children,
    ]),
  ]);
}
