// The profile tab: the person and the identification, each with its edit form. Built once,
// so a form keeps what was typed when the case is read again; the facts are redrawn after
// every load. Only intake and caseworkers may edit (never supervisors).
import type { CaseView } from "../../bindings/CaseView";
import { h } from "../../dom";
import { t } from "../../i18n";
import { wordLabel } from "../../vocab";
import { copier } from "../copy";
import { noneCell } from "../table";
import { date, text, type CaseFileContext, type TabPart } from "./context";
import { identificationEditor, personEditor, type EditorDeps, type ProfileEditor } from "./profileEditors";

export interface ProfileTab extends TabPart {
  dispose(): void;
}

export function profileTab(ctx: CaseFileContext): ProfileTab {
  const profileHidden = h("p", { id: "profile-identity-hidden", class: "hint", text: t("caseFile.profile.identityHidden"), attrs: { hidden: true } });
  const personFacts = h("dl", { id: "profile-person-facts", class: "profile-facts" });
  const identificationFacts = h("dl", { id: "profile-identification-facts", class: "profile-facts" });
  const editorDeps = (facts: HTMLElement): EditorDeps => ({
    code: ctx.code,
    facts,
    current: () => ctx.view(),
    disposed: () => ctx.life.disposed,
    clearStatus: () => { ctx.saved.textContent = ""; },
    async afterSave(done, focus) {
      if (!(await ctx.reload())) return;
      ctx.saved.textContent = done;
      focus.focus();
    },
  });
  const personEdit = ctx.manage ? personEditor(editorDeps(personFacts)) : null;
  const identificationEdit = ctx.manage ? identificationEditor(editorDeps(identificationFacts)) : null;
  const profileSection = (name: string, title: string, facts: HTMLElement, editor: ProfileEditor | null) =>
    h("section", { id: `profile-${name}`, class: "profile-section", attrs: { "aria-labelledby": `profile-${name}-title` } }, [
      h("div", { class: "profile-section-top" }, [h("h3", { id: `profile-${name}-title`, class: "form-title", text: title }), editor?.button]),
      facts,
      editor?.form,
    ]);
  /** "Copy" beside the phone number and the source system's reference. */
  const profileCopy = copier("profile-copy-status");
  const profileRoot = h("div", { id: "profile-facts", class: "profile" }, [
    profileHidden,
    profileSection("person", t("caseFile.profile.personTitle"), personFacts, personEdit),
    profileSection("identification", t("caseFile.profile.identificationTitle"), identificationFacts, identificationEdit),
    h("div", { class: "copy-feedback" }, [profileCopy.status, profileCopy.error]),
  ]);
  /** An identifying value with its "Copy" button; "—" when there is none. */
  const copyable = (what: "phone" | "ref", value: string | null): Node => {
    if (!value || !value.trim()) return noneCell();
    const button = profileCopy.button({ id: `copy-${what}`, testId: `copy-${what}`, label: `copy.${what}`, value });
    return h("span", { class: "copyable" }, [h("span", { id: `profile-${what}`, text: value }), button]);
  };

  const factRows = (rows: Array<[string, Node | string]>) => rows.map(([dt, dd]) => h("div", {}, [h("dt", { text: dt }), h("dd", {}, [dd])]));

  function profile(v: CaseView): HTMLElement {
    const p = v.person;
    const rows: Array<[string, Node | string]> = [];
    if (!v.identity_hidden) {
      rows.push([t("caseFile.profile.givenName"), text(p.given_name)], [t("caseFile.profile.familyName"), text(p.family_name)]);
      rows.push([t("caseFile.profile.aliases"), p.aliases.length ? p.aliases.join(", ") : noneCell()]);
    }
    rows.push([t("caseFile.profile.sex"), wordLabel("sex", p.sex)]);
    if (!v.identity_hidden) rows.push([t("caseFile.profile.birthDate"), date(p.birth_date)]);
    if (p.age_at_identification !== null) rows.push([t("caseFile.profile.age"), String(p.age_at_identification)]);
    rows.push([t("caseFile.profile.citizenship"), text(p.citizenship)]);
    if (p.languages.length) rows.push([t("caseFile.profile.languages"), p.languages.join(", ")]);
    if (!v.identity_hidden) rows.push([t("caseFile.profile.phone"), copyable("phone", p.phone)]);
    personFacts.replaceChildren(...factRows(rows));
    const identification: Array<[string, Node | string]> = [
      [t("caseFile.profile.identifiedOn"), date(v.identified_on)],
      [t("caseFile.profile.identifiedBy"), v.identified_by ? wordLabel("identifiedBy", v.identified_by) : noneCell()],
      [t("caseFile.profile.recognition"), wordLabel("recognition", v.recognition)],
      [t("caseFile.profile.exploitation"), v.exploitation.map((x) => wordLabel("exploitation", x)).join(", ") || noneCell()],
      [t("caseFile.profile.country"), text(v.country_of_exploitation)],
    ];
    if (!v.identity_hidden && v.ref) identification.push([t("caseFile.profile.ref"), copyable("ref", v.ref)]);
    identificationFacts.replaceChildren(...factRows(identification));
    profileHidden.hidden = !v.identity_hidden;
    // A record without its names is never sent back: it would erase them.
    if (personEdit) {
      if (v.identity_hidden) personEdit.close(false);
      personEdit.button.hidden = v.identity_hidden || personEdit.isOpen();
    }
    return profileRoot;
  }

  return { list: (v) => [profile(v)], form: null, dispose: () => profileCopy.dispose() };
}
