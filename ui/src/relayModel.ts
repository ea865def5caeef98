// Pure helpers of the relay's screens (exchange.md, the relay): the relay's errors in the
// user's language (why it refused, by the error's field), the connection's state in words, a
// push's and a pull's summary, and the consolidated report's line.
import type { Consolidation } from "./bindings/Consolidation";
import type { IpcError } from "./bindings/IpcError";
import type { Pulled } from "./bindings/Pulled";
import type { RelayProgress } from "./bindings/RelayProgress";
import type { RelayView } from "./bindings/RelayView";
import type { Refused } from "./bindings/Refused";
import { formatDateTime } from "./adminModel";
import { errorMessage } from "./errors";
import { exchangeMessage } from "./exchangeModel";
import { hasKey, intlLocale, t, tn } from "./i18n";

// A record over the generated union: a refusal added in the core fails the type check here.
const REFUSED_WORDS: Record<Refused, true> = { credentials: true, notSetUp: true, permission: true, address: true, server: true };
export const RELAY_REFUSALS = Object.keys(REFUSED_WORDS) as Refused[];

export function isRelayRefusal(word: string | null | undefined): word is Refused {
  return !!word && Object.prototype.hasOwnProperty.call(REFUSED_WORDS, word);
}

/**
 * A relay command's error: why the relay refused (each saying the packets stay in the
 * outbox), an unreachable relay, else as the exchange's screens say it.
 */
export function relayMessage(error: IpcError): string {
  if (error.kind === "relayRefused") return isRelayRefusal(error.field) ? t(`relay.refused.${error.field}`) : t("error.relayRefused");
  if (error.kind === "relayUnreachable") return t("error.relayUnreachable");
  if (error.kind === "packetRefused") return exchangeMessage(error);
  return errorMessage(error);
}

/** "Last contact: 4 December 2026, 14:05", or never. */
export function lastContactText(view: RelayView): string {
  return view.lastContact ? t("relay.lastContact", { time: formatDateTime(view.lastContact) }) : t("relay.noContact");
}

export function waitingText(view: RelayView): string {
  return tn("relay.waiting", view.waiting);
}

/** "12 of 40 packets", or "Reaching the relay…" before the core has said how many. */
export function relayProgressText(p: RelayProgress | null): string {
  return p && p.total > 0 ? t("relay.progress", { done: p.done, total: p.total }) : t("relay.progressStarting");
}

export function relayPercent(p: RelayProgress): number {
  return p.total > 0 ? Math.min(100, Math.floor((p.done * 100) / p.total)) : 0;
}

export function pushedText(sent: number): string {
  return sent ? tn("relay.pushed", sent) : t("relay.pushedNone");
}

/** "a, b and c" as the language joins them. */
function joined(parts: string[]): string {
  return new Intl.ListFormat(intlLocale(), { type: "conjunction" }).format(parts);
}

/** Why packets were left on the relay, in a few words. */
export function leftReason(reason: string): string {
  const key = `relay.left.${reason}`;
  return hasKey(key) ? t(key) : t("relay.left.other");
}

/** A pull in sentences: what was received, what was taken off, what was left and why. */
export function pullSummary(p: Pulled): string[] {
  const received = (
    [
      ["relay.pulled.referrals", p.referrals],
      ["relay.pulled.answers", p.answers],
      ["relay.pulled.contributions", p.contributions],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([key, n]) => tn(key, n));
  const lines: string[] = [];
  if (received.length) lines.push(t("relay.pulledReceived", { list: joined(received) }));
  if (p.alreadyReceived) lines.push(tn("relay.pulled.already", p.alreadyReceived));
  if (p.discarded) lines.push(tn("relay.pulled.discarded", p.discarded));
  for (const left of p.left) {
    if (left.count > 0) lines.push(tn("relay.pulled.left", left.count).replace("{reason}", leftReason(left.reason)));
  }
  return lines.length ? lines : [t("relay.pulledNothing")];
}

/** "Adds up 3 sites, 1 correction." */
export function consolidationText(c: Consolidation): string {
  return t("consolidated.summary", { sites: tn("consolidated.sites", c.sites), corrections: tn("consolidated.corrections", c.corrections) });
}
