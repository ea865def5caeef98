// Users and roles (admin): the table of users with "Change roles", "Remove" and "Reset
// passphrase" opening inline below the row, the "Add user" form, and the two key actions:
// replacing the recovery key and re-encrypting the vault under a new data key (./users/).
import type { SessionInfo } from "../bindings/SessionInfo";
import { wipeSecrets } from "../dom";
import { t } from "../i18n";
import { screen, type ScreenDeps } from "./screen";
import { addUserPanel } from "./users/add";
import { keyPanels, type KeyDeps } from "./users/keys";
import { usersList } from "./users/list";
import { Lifecycle, type View } from "./view";

export interface UsersDeps extends ScreenDeps, KeyDeps {}

export function usersView(session: SessionInfo, deps: UsersDeps): View {
  const life = new Lifecycle();
  const list = usersList(session, life);
  const add = addUserPanel(life, list.load);
  const { root, title } = screen(
    "users",
    session,
    deps,
    { title: t("users.title"), intro: t("users.intro") },
    [list.element, add.element, keyPanels(life, deps)],
  );

  void list.load();

  return life.view({
    root,
    focus: () => title.focus(),
    cleanup: () => {
      list.closePanel(false);
      wipeSecrets(root);
      add.dispose();
    },
  });
}
