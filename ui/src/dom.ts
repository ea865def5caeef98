// Minimal element builder. It never writes `style` or `on*` attributes: the
// page runs under a CSP without 'unsafe-inline'.

export interface Props {
  id?: string;
  class?: string;
  text?: string;
  attrs?: Record<string, string | boolean | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: Array<Node | string | null | undefined | false> = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.id) el.id = props.id;
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (name === "style" || name.toLowerCase().startsWith("on")) {
      throw new Error(`refusing to set attribute ${name}`);
    }
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** Empties every passphrase-like input below `root`. */
export function wipeSecrets(root: ParentNode): void {
  root.querySelectorAll<HTMLInputElement>('input[type="password"], input[data-secret]').forEach((input) => {
    input.value = "";
  });
}
