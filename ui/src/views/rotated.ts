// After re-encrypting the vault under a new data key: the wait while it runs, then the new
// recovery key and every other user's temporary passphrase, shown once. The vault is locked
// by then; the only way on is the unlock screen.
import type { Rotated } from "../bindings/Rotated";
import { h } from "../dom";
import { t } from "../i18n";
import { recoveryKeyElement, storedAndContinue } from "./recovery";
import { card, Lifecycle, type View } from "./view";

/** The wait: no lock button (the vault is already closed to everyone), no way back. */
export function rotatingView(): View {
  const status = h("p", { id: "rotating-status", class: "intro", text: t("admin.rotating.intro"), attrs: { role: "status" } });
  const root = card("rotating", t("admin.rotating.title"), [
    h("div", { class: "busy-line" }, [h("span", { class: "spinner spinner-dark is-spinning", attrs: { "aria-hidden": "true" } }), status]),
  ]);
  root.setAttribute("aria-busy", "true");
  const title = root.querySelector<HTMLElement>("h1")!;
  title.tabIndex = -1;
  return new Lifecycle().view({ root, focus: () => title.focus() });
}

export interface RotatedDeps {
  onContinue(): void;
}

export function rotatedView(rotated: Rotated, deps: RotatedDeps): View {
  const keyEl = recoveryKeyElement(rotated.recoveryKey, "rotated-recovery-key");
  const people = rotated.temporaryPassphrases;
  const temporary = people.length
    ? h("table", { id: "temporary-passphrases", class: "data-table temporary-table" }, [
        h("caption", { class: "visually-hidden", text: t("admin.rotated.tempCaption") }),
        h("thead", {}, [
          h("tr", {}, [
            h("th", { text: t("admin.rotated.col.user"), attrs: { scope: "col" } }),
            h("th", { text: t("admin.rotated.col.passphrase"), attrs: { scope: "col" } }),
          ]),
        ]),
        h(
          "tbody",
          {},
          people.map((p) =>
            h("tr", { attrs: { "data-user": p.userName } }, [
              h("th", { text: p.userName, attrs: { scope: "row" } }),
              h("td", { class: "mono selectable temporary-passphrase", text: p.passphrase }),
            ]),
          ),
        ),
      ])
    : h("p", { id: "temporary-passphrases-none", class: "hint", text: t("admin.rotated.noOthers") });

  const end = storedAndContinue(
    "rotated",
    { print: t("admin.rotated.print"), stored: t("admin.rotated.stored"), continue: t("admin.rotated.continue") },
    () => deps.onContinue(),
  );
  const root = card(
    "rotated-view",
    t("admin.rotated.title"),
    [
      h("p", { id: "rotated-intro", class: "intro", text: t("admin.rotated.intro") }),
      h("section", { class: "rotated-part", attrs: { "aria-labelledby": "rotated-key-title" } }, [
        h("h2", { id: "rotated-key-title", class: "subsection-title", text: t("admin.rotated.keyTitle") }),
        h("div", { class: "recovery-box" }, [keyEl]),
        h("p", { class: "hint", text: t("admin.rotated.keyNote") }),
      ]),
      h("section", { class: "rotated-part", attrs: { "aria-labelledby": "rotated-temp-title" } }, [
        h("h2", { id: "rotated-temp-title", class: "subsection-title", text: t("admin.rotated.tempTitle") }),
        h("p", { class: "hint", text: t("admin.rotated.tempIntro") }),
        temporary,
      ]),
      end.element,
    ],
    "printable rotated-screen",
  );

  const life = new Lifecycle();
  return life.view({ root, focus: () => end.print.focus() });
}
