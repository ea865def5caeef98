// The dashboard's "Consents" card (consent_alerts): the consents of open cases that need
// attention — expiring within 30 days, expired consents to referrals, withdrawn ones — by
// case code only, each opening the case file on its consent tab.
import type { ConsentAlert } from "../bindings/ConsentAlert";
import type { ConsentState } from "../bindings/ConsentState";
import { formatCivil } from "../caseModel";
import { h } from "../dom";
import { errorMessage } from "../errors";
import { t, type MessageKey } from "../i18n";
import { ipc } from "../ipc";
import { wordLabel } from "../vocab";
import { retryingLoad } from "./retry";
import type { Lifecycle } from "./view";

/** The groups of the card, in this order. */
const GROUPS: ReadonlyArray<{ state: ConsentState; title: MessageKey }> = [
  { state: "expiring", title: "consents.expiring" },
  { state: "expired", title: "consents.expired" },
  { state: "withdrawn", title: "consents.withdrawn" },
];

function when(a: ConsentAlert): string {
  const scope = wordLabel("consent", a.scope);
  if (a.state === "withdrawn" && a.withdrawnOn) return t("consents.withdrawnOn", { scope, date: formatCivil(a.withdrawnOn) });
  if (a.state === "expired" && a.expiresOn) return t("consents.expiredOn", { scope, date: formatCivil(a.expiresOn) });
  if (a.expiresOn) return t("consents.expiresOn", { scope, date: formatCivil(a.expiresOn) });
  return scope;
}

export function consentsCard(life: Lifecycle, openCase: (code: string) => void): HTMLElement {
  const title = h("h2", { id: "dashboard-consents-title", class: "subsection-title", text: t("consents.title"), attrs: { tabindex: "-1" } });
  const body = h("div", { id: "dashboard-consents-list" });
  const section = h("section", { id: "dashboard-consents", class: "card dashboard-consents", attrs: { "aria-labelledby": "dashboard-consents-title" } });

  function render(alerts: ConsentAlert[]): void {
    if (!alerts.length) {
      body.replaceChildren(h("p", { id: "dashboard-consents-empty", class: "empty-note", text: t("consents.none") }));
      section.classList.remove("figure-attention");
      return;
    }
    section.classList.add("figure-attention");
    const groups = GROUPS.map((g) => ({ ...g, items: alerts.filter((a) => a.state === g.state) })).filter((g) => g.items.length);
    body.replaceChildren(
      ...groups.map((g) =>
        h("div", { class: "consent-group", attrs: { "data-state": g.state } }, [
          h("h3", { id: `dashboard-consents-${g.state}`, class: "figure-label", text: `${t(g.title)} (${g.items.length})` }),
          h(
            "ul",
            { class: "figure-consents", attrs: { "aria-labelledby": `dashboard-consents-${g.state}` } },
            g.items.map((a) => {
              const link = h("button", { class: "button-link case-link mono", text: a.code, attrs: { type: "button", "aria-label": t("figures.openConsent", { code: a.code }) } });
              link.addEventListener("click", () => openCase(a.code));
              return h("li", { attrs: { "data-code": a.code, "data-consent": String(a.consent) } }, [link, " ", h("span", { class: "figure-consent-when", text: when(a) })]);
            }),
          ),
        ]),
      ),
    );
  }

  const { loading, problem, load } = retryingLoad(life, "dashboard-consents", {
    busy: () => section,
    loadingText: () => t("consents.loading"),
    fetch: () => ipc.consentAlerts(),
    render,
    focus: () => title.focus(),
    message: (error) => t("consents.failed", { message: errorMessage(error) }),
  });
  section.append(title, h("p", { class: "hint", text: t("consents.intro") }), loading, problem, body);
  void load();
  return section;
}
