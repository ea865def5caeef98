import type { IpcError } from "./bindings/IpcError";
import { hasKey, t } from "./i18n";

export type ErrorTarget =
  | { target: "field"; inputId: string; message: string }
  | { target: "form"; message: string };

/** The core's message is already written for users; the kind's text is a fallback. */
export function errorMessage(error: IpcError): string {
  const own = error.message.trim();
  if (own) return own;
  const key = `error.${error.kind}`;
  return hasKey(key) ? t(key) : t("error.internal");
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
