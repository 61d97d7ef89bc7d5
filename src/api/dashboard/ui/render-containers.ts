/**
 * @module The table of watched containers (and services, and their hosts when there are several):
 * image, tag and the newest one its policy allows, digest, state with its reason, live swap phase,
 * last check, and the "Update" button with the outcome of the last run it asked for.
 */
import type { ContainersView, ContainerView } from "./api-data.ts";
import { h, replaceChildren, type Child } from "./dom.ts";
import { formatTime, relative, shortDigest, stateLabel } from "./format.ts";
import type { Outcome } from "./outcome.ts";

export interface ContainerActions {
  /** False when `/v1/update` is not served: no buttons. */
  updateEnabled: boolean;
  isPending(container: ContainerView): boolean;
  outcomeOf(container: ContainerView): Outcome | undefined;
  onUpdate(container: ContainerView): void;
}

/** The key of a row's "Update" button, to give it the focus back after a re-render. */
export function updateKey(container: Pick<ContainerView, "host" | "kind" | "name">): string {
  return `update:${rowKey(container)}`;
}

/** Focuses the element of `root` with this focus key, if there is one. */
export function focusByKey(root: Element, key: string): void {
  const target = [...root.querySelectorAll<HTMLElement>("[data-focus-key]")].find(
    (element) => element.dataset.focusKey === key,
  );
  target?.focus();
}

/** Identifies a row across reloads, when a replaced container has a new ID. */
export function rowKey(container: Pick<ContainerView, "host" | "kind" | "name">): string {
  return `${container.host ?? ""}\u0000${container.kind ?? "container"}\u0000${container.name}`;
}

function visuallyHidden(text: string): HTMLElement {
  return h("span", { class: "visually-hidden" }, text);
}

function tagCell(container: ContainerView): Child[] {
  if (container.tag === undefined) return [h("span", { class: "muted" }, "—")];
  if (container.latestTag === undefined || container.latestTag === container.tag) return [container.tag];
  return [container.tag, " ", h("span", { class: "newer" }, `→ ${container.latestTag}`)];
}

function stateCell(container: ContainerView, phase: string | undefined): Child[] {
  const cells: Child[] = [
    h("span", { class: `state state-${container.state}` }, stateLabel(container.state)),
  ];
  if (container.reason !== undefined) cells.push(h("span", { class: "reason" }, container.reason));
  if (phase !== undefined) cells.push(h("span", { class: "phase" }, `updating: ${phase}…`));
  return cells;
}

function actionCell(container: ContainerView, actions: ContainerActions): Child[] {
  const pending = actions.isPending(container);
  // The name stays "Update <name>" while queued: the state is in the disabled flag and the text after.
  const button = h(
    "button",
    { type: "button", class: "update", disabled: pending, "data-focus-key": updateKey(container) },
    "Update",
    visuallyHidden(` ${container.name}`),
  );
  button.addEventListener("click", () => {
    actions.onUpdate(container);
  });
  const outcome = pending ? { text: "queued…", tone: "info" } : actions.outcomeOf(container);
  return [
    button,
    outcome === undefined ? null : h("span", { class: `outcome tone-${outcome.tone}` }, outcome.text),
  ];
}

export function renderContainers(
  table: HTMLTableElement,
  view: ContainersView,
  phases: ReadonlyMap<string, string>,
  actions: ContainerActions,
  now: number,
): void {
  const showHosts = view.hosts.length > 1;
  const headers = [
    "Name",
    showHosts ? "Host" : null,
    "Image",
    "Tag",
    "Digest",
    "State",
    "Last check",
    actions.updateEnabled ? "Action" : null,
  ].filter((header): header is string => header !== null);
  // A re-render must not take the keyboard focus away from the button the user is on.
  const active = document.activeElement;
  const focusKey = active instanceof HTMLElement ? active.dataset.focusKey : undefined;

  const rows = view.containers.map((container) =>
    h(
      "tr",
      { "data-name": container.name },
      h(
        "th",
        { scope: "row" },
        container.name,
        container.kind === "service" ? h("span", { class: "badge" }, "service") : null,
      ),
      showHosts ? h("td", {}, container.host ?? "") : null,
      h("td", { class: "image" }, container.image),
      h("td", {}, ...tagCell(container)),
      h("td", {}, h("code", { title: container.currentImageId }, shortDigest(container.currentImageId))),
      h("td", {}, ...stateCell(container, phases.get(container.id) ?? container.phase)),
      h(
        "td",
        {},
        container.lastCheck === undefined
          ? h("span", { class: "muted" }, "never")
          : h("time", { title: formatTime(container.lastCheck) }, relative(container.lastCheck, now)),
      ),
      actions.updateEnabled ? h("td", { class: "action" }, ...actionCell(container, actions)) : null,
    ),
  );
  replaceChildren(
    table,
    h("caption", { class: "visually-hidden" }, "Watched containers"),
    h("thead", {}, h("tr", {}, ...headers.map((header) => h("th", { scope: "col" }, header)))),
    h(
      "tbody",
      {},
      ...(rows.length > 0
        ? rows
        : [h("tr", {}, h("td", { colspan: headers.length, class: "muted" }, "No containers are watched."))]),
    ),
  );
  if (focusKey !== undefined) focusByKey(table, focusKey);
}
