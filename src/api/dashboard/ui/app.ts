/**
 * @module The dashboard page: asks Bosun whether a token is configured, signs in with the token
 * (kept in this tab's session storage), then shows the containers, the live session from
 * `/v1/events`, the history and the next run, and runs "check now" and "update this container"
 * through `/v1/update` (the same queue as every other trigger).
 */
import { ApiCallError, createApiClient, UnauthorizedError } from "./api-client.ts";
import type { ContainersView, ContainerView, DashboardInfo, HistorySession } from "./api-data.ts";
import { byId, replaceChildren } from "./dom.ts";
import { followEvents } from "./event-follower.ts";
import { formatTime, relative } from "./format.ts";
import type { LiveEvent } from "./live-event.ts";
import { LiveSession } from "./live-session.ts";
import { entryOutcome, findEntry, runSummary, type Outcome } from "./outcome.ts";
import { focusByKey, renderContainers, rowKey } from "./render-containers.ts";
import { renderHistory } from "./render-history.ts";
import { renderLive } from "./render-live.ts";
import { sessionTokenStore } from "./token-store.ts";

const HISTORY_PAGE = 10;
const REFRESH_MS = 30_000;
/** The key of "check now" among the pending runs; the others are image references. */
const ALL = "*";

const store = sessionTokenStore();
const api = createApiClient(() => store.get());
const live = new LiveSession();

const el = {
  nextRun: byId("next-run", HTMLElement),
  signOut: byId("sign-out", HTMLButtonElement),
  pageError: byId("page-error", HTMLElement),
  noToken: byId("no-token", HTMLElement),
  login: byId("login", HTMLElement),
  loginForm: byId("login-form", HTMLFormElement),
  tokenInput: byId("token", HTMLInputElement),
  loginError: byId("login-error", HTMLElement),
  dashboard: byId("dashboard", HTMLElement),
  checkNow: byId("check-now", HTMLButtonElement),
  actionStatus: byId("action-status", HTMLElement),
  updateOff: byId("update-off", HTMLElement),
  table: byId("containers", HTMLTableElement),
  liveConnection: byId("live-connection", HTMLElement),
  liveStatus: byId("live-status", HTMLElement),
  liveSummary: byId("live-summary", HTMLElement),
  livePulls: byId("live-pulls", HTMLElement),
  liveSteps: byId("live-steps", HTMLOListElement),
  history: byId("history", HTMLElement),
  historyMore: byId("history-more", HTMLButtonElement),
};

let info: DashboardInfo = { tokenSet: false, updateEnabled: false };
let view: ContainersView | undefined;
let history: HistorySession[] = [];
let historyNext: string | null = null;
/** Runs asked for and not yet answered: ALL, or the image references of "update" buttons. */
const pending = new Set<string>();
const outcomes = new Map<string, Outcome>();
let stream: AbortController | undefined;
let refreshTimer: number | undefined;

function show(section: "no-token" | "login" | "dashboard"): void {
  el.noToken.hidden = section !== "no-token";
  el.login.hidden = section !== "login";
  el.dashboard.hidden = section !== "dashboard";
  el.signOut.hidden = section !== "dashboard";
}

function showError(message: string | undefined): void {
  el.pageError.hidden = message === undefined;
  replaceChildren(el.pageError, message ?? "");
}

function describe(error: unknown): string {
  if (error instanceof ApiCallError && error.status === 404) {
    return "This Bosun does not serve the dashboard's data (an older version?).";
  }
  return error instanceof Error ? error.message : String(error);
}

/** Every failure of a data call ends here: a refused token signs out, anything else is shown. */
function failed(error: unknown): void {
  if (error instanceof UnauthorizedError) {
    signOut("The API token was not accepted; enter it again.");
    return;
  }
  showError(describe(error));
}

function isPending(container: ContainerView): boolean {
  return pending.has(ALL) || pending.has(container.image);
}

function renderTable(): void {
  if (view === undefined) return;
  renderContainers(
    el.table,
    view,
    live.phases,
    {
      updateEnabled: info.updateEnabled,
      isPending,
      outcomeOf: (container) => outcomes.get(rowKey(container)),
      onUpdate: (container) => {
        void runUpdate(container);
      },
    },
    Date.now(),
  );
  el.checkNow.disabled = pending.has(ALL);
  replaceChildren(el.checkNow, pending.has(ALL) ? "Check queued" : "Check now");
  replaceChildren(
    el.nextRun,
    view.nextRun === null
      ? "No scheduled run"
      : `Next scheduled run: ${formatTime(view.nextRun)} (${relative(view.nextRun, Date.now())})`,
  );
}

function renderLiveView(): void {
  renderLive({ summary: el.liveSummary, pulls: el.livePulls, steps: el.liveSteps }, live);
}

async function refreshContainers(): Promise<void> {
  view = await api.containers();
  if (view.session !== null) live.resume(view.session.id, view.session.startedAt);
  showError(undefined);
  renderTable();
  renderLiveView();
}

async function refreshHistory(): Promise<void> {
  const page = await api.history(HISTORY_PAGE);
  history = page.sessions;
  historyNext = page.next;
  renderHistory(el.history, history, (view?.hosts.length ?? 0) > 1);
  el.historyMore.hidden = historyNext === null;
}

async function loadOlderHistory(): Promise<void> {
  if (historyNext === null) return;
  const page = await api.history(HISTORY_PAGE, historyNext);
  history = [...history, ...page.sessions];
  historyNext = page.next;
  renderHistory(el.history, history, (view?.hosts.length ?? 0) > 1);
  el.historyMore.hidden = historyNext === null;
}

function refreshAll(): void {
  refreshContainers().then(refreshHistory).catch(failed);
}

function announce(text: string): void {
  replaceChildren(el.actionStatus, text);
}

/** One run through `/v1/update`: its button is disabled until the run that covers it has ended. */
async function runUpdate(container?: ContainerView): Promise<void> {
  const key = container?.image ?? ALL;
  if (pending.has(key)) return;
  // A disabled button loses the focus; a keyboard user gets it back on the button when the run ends.
  const focused = document.activeElement;
  pending.add(key);
  renderTable();
  announce(container === undefined ? "Check queued." : `Update of ${container.name} queued.`);
  try {
    const result = await api.update(container === undefined ? undefined : [container.image]);
    for (const row of view?.containers ?? []) {
      const entry = findEntry(result, row);
      if (entry !== undefined) outcomes.set(rowKey(row), entryOutcome(entry));
    }
    if (container === undefined) {
      announce(runSummary(result).text);
    } else {
      const entry = findEntry(result, container);
      const outcome =
        entry === undefined ? { text: "not part of the run", tone: "warn" as const } : entryOutcome(entry);
      outcomes.set(rowKey(container), outcome);
      announce(`${container.name}: ${outcome.text}`);
    }
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      failed(error);
      return;
    }
    const text = `failed: ${describe(error)}`;
    if (container !== undefined) outcomes.set(rowKey(container), { text, tone: "error" });
    announce(container === undefined ? `Check ${text}` : `${container.name}: ${text}`);
  } finally {
    pending.delete(key);
  }
  renderTable();
  if (document.activeElement === document.body || document.activeElement === null) {
    if (focused === el.checkNow) el.checkNow.focus();
    else if (focused instanceof HTMLElement && focused.dataset.focusKey !== undefined) {
      focusByKey(el.table, focused.dataset.focusKey);
    }
  }
  refreshAll();
}

function onEvent(event: LiveEvent): void {
  const step = live.apply(event);
  if (step !== undefined) replaceChildren(el.liveStatus, step.text);
  renderLiveView();
  if (event.type === "session-done") refreshAll();
  else if (event.container !== undefined) renderTable();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Follows `/v1/events` (event-follower.ts) with the page's status line, reload and sign-out. */
function follow(signal: AbortSignal): Promise<void> {
  return followEvents(
    {
      connect: (lastEventId, handlers, connectSignal) => api.events(lastEventId, handlers, connectSignal),
      sleep,
      onEvent,
      onStatus: (status) => {
        replaceChildren(
          el.liveConnection,
          status === "connected" ? "Live: connected." : "Live: connection lost, reconnecting…",
        );
      },
      reload: refreshAll,
      stopOn: (error) => {
        if (error instanceof UnauthorizedError) {
          failed(error);
          return true;
        }
        if (error instanceof ApiCallError && error.status === 404) {
          replaceChildren(el.liveConnection, "This Bosun does not serve live events.");
          return true;
        }
        return false;
      },
    },
    signal,
  );
}

function start(): void {
  show("dashboard");
  el.checkNow.hidden = !info.updateEnabled;
  el.updateOff.hidden = info.updateEnabled;
  stream?.abort();
  stream = new AbortController();
  void follow(stream.signal);
  window.clearInterval(refreshTimer);
  refreshTimer = window.setInterval(() => {
    refreshContainers().catch(failed);
  }, REFRESH_MS);
  refreshAll();
}

function signOut(message?: string): void {
  store.clear();
  stream?.abort();
  stream = undefined;
  window.clearInterval(refreshTimer);
  view = undefined;
  outcomes.clear();
  showError(undefined);
  show("login");
  replaceChildren(el.loginError, message ?? "");
  el.tokenInput.value = "";
  el.tokenInput.focus();
}

async function signIn(token: string): Promise<void> {
  store.set(token);
  try {
    await refreshContainers();
  } catch (error) {
    store.clear();
    replaceChildren(
      el.loginError,
      error instanceof UnauthorizedError ? "This token was not accepted." : describe(error),
    );
    el.tokenInput.focus();
    return;
  }
  el.tokenInput.value = "";
  replaceChildren(el.loginError, "");
  start();
}

el.loginForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = el.tokenInput.value.trim();
  if (token === "") {
    replaceChildren(el.loginError, "Enter the API token.");
    return;
  }
  void signIn(token);
});
el.signOut.addEventListener("click", () => {
  signOut();
});
el.checkNow.addEventListener("click", () => {
  void runUpdate();
});
el.historyMore.addEventListener("click", () => {
  loadOlderHistory().catch(failed);
});

async function boot(): Promise<void> {
  try {
    info = await api.info();
  } catch (error) {
    showError(`Bosun did not answer: ${describe(error)}`);
    return;
  }
  if (!info.tokenSet) {
    show("no-token");
    return;
  }
  if (store.get() === undefined) {
    show("login");
    el.tokenInput.focus();
    return;
  }
  start();
}

void boot();
