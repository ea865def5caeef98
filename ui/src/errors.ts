import type { IpcError } from "./bindings/IpcError";
import { hasKey, language, t } from "./i18n";

export type ErrorTarget =
  | { target: "field"; inputId: string; message: string }
  | { target: "form"; message: string };

/**
 * The message to show. The core writes its messages for users, in English: in English they
 * are shown as they are; in another language the kind's translated text is shown instead, so
 * that no English sentence appears on a translated screen (the field it is shown at says where).
 */
export function errorMessage(error: IpcError): string {
  const own = error.message.trim();
  if (own && language() === "en") return own;
  const key = `error.${error.kind}`;
  return hasKey(key) ? t(key) : own || t("error.internal");
}

/** A problem of a record (with its field path): the core's words in English, else the kind's. */
export function problemMessage(message: string): string {
  return language() === "en" && message.trim() ? message : t("error.invalid");
}

/**
 * Decides where an error is shown: next to the input named by `error.field`
 * when this form has it (`fieldInputs` maps contract field names to input ids),
 * otherwise in the form's alert.
 */
export function routeError(error: IpcError, fieldInputs: Readonly<Record<string, string>>): ErrorTarget {
  const message = errorMessage(error);
  const field = error.field;
  if (field && Object.prototype.hasOwnProperty.call(fieldInputs, field)) {
    return { target: "field", inputId: fieldInputs[field], message };
  }
  return { target: "form", message };
}
