// Administration → Releases (admin; indicators.md, "Releases"): the whole release ledger — every
// report, consolidated report and CTDC file that left this vault — with Retire on each release
// that still binds the next reports, asking the reason first (./report/ledger).
import type { SessionInfo } from "../bindings/SessionInfo";
import { t } from "../i18n";
import { isAdmin } from "../permissions";
import { RELEASE_KINDS } from "../releasesModel";
import { releaseLedger } from "./report/ledger";
import { screen, type ScreenDeps } from "./screen";
import { Lifecycle, type View } from "./view";

export function releasesView(session: SessionInfo, deps: ScreenDeps): View {
  const life = new Lifecycle();
  const ledger = releaseLedger(life, { kinds: RELEASE_KINDS, canRetire: isAdmin(session), intro: t("releases.intro"), empty: t("releases.empty") });
  const { root, title } = screen("ledger", session, deps, { title: t("releases.screenTitle"), intro: t("releases.screenIntro") }, [ledger.element]);
  return life.view({ root, focus: () => title.focus(), ready: ledger.load() });
}
