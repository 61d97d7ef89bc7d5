/**
 * @module The live view of the session in progress: its state line, image pulls as progress bars
 * and its steps, newest last. The newest step also goes to a polite live region (render in app.ts).
 */
import { h, replaceChildren } from "./dom.ts";
import { formatTime } from "./format.ts";
import type { LiveSession } from "./live-session.ts";

/** Steps shown; the session keeps more (MAX_STEPS). */
const SHOWN_STEPS = 50;

export interface LiveElements {
  summary: HTMLElement;
  pulls: HTMLElement;
  steps: HTMLOListElement;
}

export function renderLive(elements: LiveElements, live: LiveSession): void {
  if (live.session === undefined) {
    replaceChildren(elements.summary, "No session has run since this page opened.");
  } else {
    const since = live.startedAt === undefined ? "" : ` started ${formatTime(live.startedAt)}`;
    replaceChildren(
      elements.summary,
      live.running ? `Running: session${since}` : `Last session${since}, done.`,
    );
  }
  replaceChildren(
    elements.pulls,
    ...[...live.pulls].map(([image, pull]) =>
      h(
        "div",
        { class: "pull" },
        h("span", {}, `${pull.done ? "Pulled" : "Pulling"} ${image}`),
        h("progress", {
          max: Math.max(pull.layers, 1),
          value: pull.done ? Math.max(pull.layers, 1) : pull.layersDone,
          "aria-label": `Pull of ${image}`,
        }),
      ),
    ),
  );
  replaceChildren(
    elements.steps,
    ...live.steps
      .slice(-SHOWN_STEPS)
      .map((step) =>
        h(
          "li",
          { class: `tone-${step.tone}` },
          h("time", {}, new Date(step.at).toLocaleTimeString()),
          " ",
          step.text,
        ),
      ),
  );
}
