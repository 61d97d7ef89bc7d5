/**
 * @module The history of past sessions, newest first: one disclosure per session (keyboard
 * operable without script) with its counts and what happened to each container.
 */
import type { HistorySession } from "./api-data.ts";
import { h, replaceChildren } from "./dom.ts";
import { formatDuration, formatTime, outcomeLabel } from "./format.ts";

function countsText(session: HistorySession): string {
  const n = (key: string): number => session.counts.get(key) ?? 0;
  return `${n("scanned")} scanned, ${n("updated")} updated, ${n("failed")} failed, ${n("skipped")} skipped`;
}

/** Fresh containers the server no longer lists with this session: a later session checked them again. */
function unlistedFresh(session: HistorySession): number {
  const listed = session.containers.filter((container) => container.state === "Fresh").length;
  return Math.max(0, (session.counts.get("fresh") ?? 0) - listed);
}

function sessionTable(session: HistorySession, showHosts: boolean): HTMLElement {
  const unlisted = unlistedFresh(session);
  const note =
    unlisted === 0
      ? null
      : h("p", { class: "muted" }, `${String(unlisted)} fresh, listed with a later session.`);
  if (session.containers.length === 0) return note ?? h("p", { class: "muted" }, "No containers.");
  const table = h(
    "table",
    { class: "history-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Name"),
        showHosts ? h("th", { scope: "col" }, "Host") : null,
        h("th", { scope: "col" }, "Image"),
        h("th", { scope: "col" }, "Outcome"),
      ),
    ),
    h(
      "tbody",
      {},
      ...session.containers.map((container) => {
        const label = outcomeLabel(container.state, container.rolledBack);
        return h(
          "tr",
          { "data-name": container.name },
          h("th", { scope: "row" }, container.name),
          showHosts ? h("td", {}, container.host ?? "") : null,
          h("td", { class: "image" }, container.image),
          h(
            "td",
            {},
            h("span", { class: `state state-${label.replace(" ", "-")}` }, label),
            container.error === undefined ? null : h("span", { class: "reason" }, container.error),
          ),
        );
      }),
    ),
  );
  return note === null ? table : h("div", {}, table, note);
}

export function renderHistory(
  list: HTMLElement,
  sessions: readonly HistorySession[],
  showHosts: boolean,
): void {
  // Re-rendering keeps the sessions the user opened open.
  const open = new Set(
    [...list.querySelectorAll<HTMLDetailsElement>("details[open]")].map((details) => details.dataset.session),
  );
  if (sessions.length === 0) {
    replaceChildren(list, h("p", { class: "muted" }, "No sessions yet."));
    return;
  }
  replaceChildren(
    list,
    ...sessions.map((session, index) =>
      h(
        "details",
        { class: "session", "data-session": session.session, open: open.has(session.session) || index === 0 },
        h(
          "summary",
          {},
          h("time", {}, formatTime(session.startedAt)),
          session.host === undefined ? "" : ` on ${session.host}`,
          session.images === undefined ? "" : ` for ${session.images.join(", ")}`,
          " — ",
          countsText(session),
          session.finishedAt === undefined
            ? ""
            : ` (${formatDuration(session.finishedAt - session.startedAt)})`,
        ),
        sessionTable(session, showHosts),
      ),
    ),
  );
}
