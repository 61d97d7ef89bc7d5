/**
 * @module The one way the dashboard builds its DOM: elements with attributes set by setAttribute
 * and text set as text nodes, so a container name, label or error is always shown as text and never
 * parsed as HTML (no markup string is ever assigned to the DOM).
 */

export type Child = Node | string | null | undefined | false;
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** `<tag attrs…>children…</tag>`; `true` sets an empty attribute, `false`/undefined leaves it out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    // Handlers are attached with addEventListener; an inline one would be blocked by the CSP anyway.
    if (name.toLowerCase().startsWith("on")) throw new Error(`inline handler attribute ${name}`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this ID; throws when the page lacks it (a broken build, not a runtime case). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from the page`);
  return element;
}
