// The frame of a signed-in screen below the dashboard: the top bar, "Back", the title that
// takes focus when the screen opens, an introduction, then the screen's own parts.
import type { SessionInfo } from "../bindings/SessionInfo";
import { h } from "../dom";
import { t } from "../i18n";
import { topbar } from "./topbar";

export interface ScreenDeps {
  onLock(): void;
  onBack(): void;
  /** Offered in the top bar (left out on the passphrase screen itself). */
  onChangePassphrase?(): void;
}

export interface Screen {
  root: HTMLElement;
  title: HTMLHeadingElement;
}

/** `id` is the root section's id; the title is `${id}-title`, the back button `${id}-back`. */
export function screen(
  id: string,
  session: SessionInfo,
  deps: ScreenDeps,
  text: { title: string; intro: string; back?: string },
  children: Array<Node | null>,
): Screen {
  const back = h("button", { id: `${id}-back`, class: "button button-link button-back", text: text.back ?? t("admin.back"), attrs: { type: "button" } });
  back.addEventListener("click", () => deps.onBack());
  const title = h("h1", { id: `${id}-title`, class: "section-title", text: text.title, attrs: { tabindex: "-1" } });
  const change = deps.onChangePassphrase;
  const root = h("section", { id, class: `screen admin-screen ${id}-screen`, attrs: { "aria-labelledby": `${id}-title` } }, [
    topbar(session, () => deps.onLock(), change ? () => change() : undefined),
    h("div", { class: "admin-body" }, [
      h("div", { class: "admin-head" }, [back, title, h("p", { class: "intro", text: text.intro })]),
      ...children,
    ]),
  ]);
  return { root, title };
}

/** A card section with an h2, labelled by it. */
export function panel(id: string, titleText: string, children: Array<Node | null>, extraClass = ""): HTMLElement {
  return h("section", { id, class: `card admin-panel ${extraClass}`.trim(), attrs: { "aria-labelledby": `${id}-title` } }, [
    h("h2", { id: `${id}-title`, class: "subsection-title", text: titleText, attrs: { tabindex: "-1" } }),
    ...children,
  ]);
}

/** A status line (role=status, kept in the DOM so new text is announced). */
export function statusLine(id: string): HTMLParagraphElement {
  return h("p", { id, class: "saved", attrs: { role: "status" } });
}
