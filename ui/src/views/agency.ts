// Agency and partners (exchange.md): this vault's agency identity — made once by an
// administrator, then shown with its fingerprint to read to partners and its card to save
// (./exchange/identity) — and the partner agencies, added by card and fingerprint and removed
// by administrators (./exchange/partners, ./exchange/addPartner). Users who read cases see
// the identity and the partners without the controls (the core checks every role again).
import type { SessionInfo } from "../bindings/SessionInfo";
import { t } from "../i18n";
import { isAdmin } from "../permissions";
import { identityPanel } from "./exchange/identity";
import { partnersPanel } from "./exchange/partners";
import { screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

export function agencyView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();
  const admin = isAdmin(session);
  const identity = identityPanel(life, admin);
  const partners = partnersPanel(life, admin);
  const { root, title } = screen("agency", session, deps, { title: t("agency.title"), intro: admin ? t("agency.intro") : t("agency.introReadOnly"), back: t("agency.back") }, [
    identity.element,
    partners.element,
  ]);
  const ready = Promise.all([identity.load(), partners.load()]);
  return life.view({ root, focus: () => title.focus(), ready });
}
