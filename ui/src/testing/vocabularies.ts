// Test fixture: the Vocabularies object the core's `vocabularies` command returns
// (src/records/vocab.rs, Vocabularies::all), word for word and in the core's order.
import type { Vocabularies } from "../bindings/Vocabularies";
import type { Word } from "../bindings/Word";
import { installVocabularies } from "../vocab";

const words = (list: string, codes: string[]): Word[] => codes.map((code) => ({ code, labelKey: `cases.word.${list}.${code}` }));

export const VOCABULARIES: Vocabularies = {
  sex: words("sex", ["female", "male", "other", "unknown"]),
  status: words("status", ["open", "closed"]),
  recognition: words("recognition", ["potential", "recognized"]),
  exploitation: words("exploitation", [
    "sexual", "forced_labour", "domestic_servitude", "forced_begging", "forced_criminality", "forced_marriage", "organ_removal", "other",
  ]),
  identifiedBy: words("identifiedBy", ["police", "ngo", "hotline", "self", "labour_inspection", "border_guard", "other"]),
  service: words("service", ["legal", "medical", "psychological", "social", "education", "other"]),
  allowance: words("allowance", ["one_time", "recurring"]),
  training: words("training", ["enrolled", "completed", "dropped_out"]),
  referral: words("referral", ["pending", "accepted", "declined", "completed"]),
  consent: words("consent", ["data_storage", "referrals", "statistics"]),
  document: words("document", ["id_document", "medical_report", "legal", "other"]),
  organizationKind: words("organizationKind", [
    "shelter", "ngo", "assistance_center", "police", "health", "legal", "government", "employer", "training_provider", "other",
  ]),
  sector: words("sector", ["state", "ngo", "international", "private"]),
  role: ["intake", "caseworker", "supervisor", "admin"].map((code) => ({ code, labelKey: `role.${code}` })),
};

/** Installs the fixture, as the app does once it has loaded the core's lists. */
export function installTestVocabularies(): void {
  installVocabularies(structuredClone(VOCABULARIES));
}
