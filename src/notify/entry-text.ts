/**
 * @module The text of a notification entry. Logs carry constant messages and structured fields;
 * a notification reader needs the sentence Watchtower wrote (`Found new nginx:latest image
 * (abc123)`), so known messages are phrased from their fields and others get their fields appended.
 */

type Fields = Readonly<Record<string, unknown>>;

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

const PHRASES: Readonly<Record<string, (f: Fields) => string | undefined>> = {
  "Found new image": (f) =>
    f.image === undefined ? undefined : `Found new ${text(f.image)} image (${text(f.id ?? "")})`,
  "Stopping container": (f) =>
    f.container === undefined
      ? undefined
      : `Stopping ${text(f.container)} (${text(f.id ?? "")}) with ${text(f.signal ?? "SIGTERM")}`,
  "Found newer tag": (f) =>
    f.latestTag === undefined || f.image === undefined
      ? undefined
      : `Found newer tag ${text(f.latestTag)} for ${text(f.image)}${f.container === undefined ? "" : ` (${text(f.container)})`}`,
  "Creating container": (f) => (f.container === undefined ? undefined : `Creating ${text(f.container)}`),
  "Removing image": (f) => (f.image === undefined ? undefined : `Removing image ${text(f.image)}`),
  "Unable to update container": (f) =>
    f.container === undefined
      ? undefined
      : `Unable to update container "${text(f.container)}": ${text(f.err ?? "")}. Proceeding to next.`,
};

/** Fields that only route or identify the line; they add nothing for a reader. */
const HIDDEN = new Set(["notify"]);

export function entryText(message: string, fields: Fields): string {
  const phrased = PHRASES[message]?.(fields);
  // With several Docker hosts the engine's lines carry their host: the sentence names it first.
  if (phrased !== undefined) return typeof fields.host === "string" ? `${fields.host}: ${phrased}` : phrased;
  const extra = Object.entries(fields)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${text(value)}`);
  return extra.length === 0 ? message : `${message}: ${extra.join(", ")}`;
}
