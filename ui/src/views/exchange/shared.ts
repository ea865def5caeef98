// What the screens between agencies share: a fingerprint in its groups, a packet's status
// badge, a moment in time, and an exchange command's error put next to its field.
import type { IpcError } from "../../bindings/IpcError";
import type { PacketStatus } from "../../bindings/PacketStatus";
import { formatDateTime } from "../../adminModel";
import { h } from "../../dom";
import { exchangeMessage, fingerprintGroups, packetStatusLabel } from "../../exchangeModel";
import { type Field, showFieldError } from "../../form";

/**
 * A fingerprint as six separate groups, easy to read aloud; its text is the groups with one
 * space between them. `large` for the agency's own, to be read on the phone.
 */
export function fingerprintBlock(id: string | undefined, fingerprint: string, large = false): HTMLElement {
  const groups = fingerprintGroups(fingerprint);
  const parts: Array<Node | string> = [];
  groups.forEach((g, i) => {
    if (i) parts.push(" ");
    parts.push(h("span", { class: "fingerprint-group", text: g, attrs: { "data-group": String(i + 1) } }));
  });
  return h("span", { id, class: `fingerprint mono${large ? " fingerprint-large" : ""}`, attrs: { "data-fingerprint": groups.join(" ") } }, parts);
}

/** A packet's status as a badge: the word, never the colour alone. */
export function packetBadge(status: PacketStatus): HTMLElement {
  return h("span", { class: `packet-badge packet-${status}`, text: packetStatusLabel(status), attrs: { "data-status": status } });
}

/** A moment (RFC 3339) as the language writes it. */
export function moment(iso: string): HTMLElement {
  return h("time", { class: "nowrap", text: formatDateTime(iso), attrs: { datetime: iso } });
}

/**
 * Shows an exchange command's error next to the field it names (`fields` by the core's field
 * names) or in the alert; returns the input at fault, if any, for the caller to focus.
 */
export function showExchangeError(error: IpcError, fields: Readonly<Record<string, Field>>, alert: HTMLElement): HTMLInputElement | null {
  const message = exchangeMessage(error);
  const f = error.field && Object.prototype.hasOwnProperty.call(fields, error.field) ? fields[error.field] : null;
  if (f && error.kind !== "packetRefused") {
    showFieldError(f, message);
    return f.input;
  }
  alert.textContent = message;
  return null;
}
