/**
 * @module Signal names compared across spellings: `SIGTERM`, `TERM`, `15` (Podman reports a
 * container's stop signal as a number; labels and Docker use names). Pure.
 */

/** Linux signal numbers (x86 and arm; the ones containers are stopped with). */
const NAMES: Record<string, string> = {
  "1": "HUP",
  "2": "INT",
  "3": "QUIT",
  "6": "ABRT",
  "9": "KILL",
  "10": "USR1",
  "12": "USR2",
  "14": "ALRM",
  "15": "TERM",
  "17": "CHLD",
  "18": "CONT",
  "19": "STOP",
  "20": "TSTP",
  "28": "WINCH",
  "29": "IO",
  "30": "PWR",
};

/** `SIGTERM`, `term`, `15` → `TERM`; an unknown number or name is returned uppercased. */
export function canonicalSignal(signal: string): string {
  const upper = signal.trim().toUpperCase();
  return NAMES[upper] ?? upper.replace(/^SIG/, "");
}

export function sameSignal(a: string, b: string): boolean {
  return canonicalSignal(a) === canonicalSignal(b);
}
