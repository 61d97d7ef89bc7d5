/**
 * @module The API token, kept in this tab's session storage: entered once per tab, gone when the
 * tab closes, never in a cookie (so no other site can make the browser send it).
 */

const KEY = "bosun.apiToken";

export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export function sessionTokenStore(): TokenStore {
  // Storage can be disabled by the browser's settings: the token then lives as long as the page.
  let memory: string | undefined;
  const storage = (): Storage | undefined => {
    try {
      return window.sessionStorage;
    } catch {
      return undefined;
    }
  };
  return {
    get: () => storage()?.getItem(KEY) ?? memory,
    set(token) {
      memory = token;
      try {
        storage()?.setItem(KEY, token);
      } catch {
        // Full or disabled: the in-memory copy serves this page.
      }
    },
    clear() {
      memory = undefined;
      storage()?.removeItem(KEY);
    },
  };
}
