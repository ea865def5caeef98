export interface View {
  root: HTMLElement;
  /** Moves focus to the first field (or the main action) of the view. */
  focus(): void;
  /** Called when the view leaves the screen: clears secrets, stops timers. */
  dispose(): void;
  /** Settles when content loaded after the first render (forms, options) is in place. */
  ready?: Promise<unknown>;
}

/** The centred card used by all form screens. */
export { card } from "./card";
