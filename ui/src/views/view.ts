import type { IpcError } from "../bindings/IpcError";
import { wipeSecrets } from "../dom";
import { toIpcError } from "../ipc";

export interface View {
  root: HTMLElement;
  /** Moves focus to the first field (or the main action) of the view. */
  focus(): void;
  /** Called when the view leaves the screen: clears secrets, stops timers. */
  dispose(): void;
  /** Settles when content loaded after the first render (forms, options) is in place. */
  ready?: Promise<unknown>;
}

/** What a view hands to `Lifecycle.view`. */
export interface ViewParts {
  root: HTMLElement;
  focus(): void;
  ready?: Promise<unknown>;
  /** Empties its passphrase inputs first when it leaves. */
  secrets?: boolean;
  /** Its own clean-up when it leaves (timers, meters, copied text, listeners). */
  cleanup?(): void;
  /** Empties the root last (default: yes). */
  clear?: boolean;
}

/**
 * The life of one view on the screen: `disposed` tells late answers of the core that the
 * view has gone; `view()` makes what every view returns (root, focus, ready, and a dispose
 * that marks it gone, wipes secrets, runs its clean-up and empties the root).
 */
export class Lifecycle {
  private gone = false;

  get disposed(): boolean {
    return this.gone;
  }

  /**
   * The error a failed call leaves for the view to show: null when the view has gone or the
   * vault is locked (the app shows the unlock screen then).
   */
  failure(raw: unknown): IpcError | null {
    if (this.gone) return null;
    const error = toIpcError(raw);
    return error.kind === "locked" ? null : error;
  }

  view<Extra extends object = Record<never, never>>(parts: ViewParts, extra?: Extra): View & Extra {
    const { root, focus, ready, secrets = false, cleanup, clear = true } = parts;
    const view: View = {
      root,
      focus,
      dispose: () => {
        this.gone = true;
        if (secrets) wipeSecrets(root);
        cleanup?.();
        if (clear) root.replaceChildren();
      },
    };
    if (ready) view.ready = ready;
    return Object.assign(view, extra);
  }
}

/** The centred card used by all form screens. */
export { card } from "./card";
