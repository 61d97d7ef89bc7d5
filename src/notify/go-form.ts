/**
 * @module Go's url.Values.Encode: pairs sorted by key, escaped as url.QueryEscape does (space
 * as `+`, only letters, digits and `-_.~` left as they are), so form bodies and query strings
 * are byte for byte what shoutrrr sends.
 */

/** Go's url.QueryEscape. */
export function goQueryEscape(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Go's url.Values{…}.Encode() for single-valued keys. */
export function goFormEncode(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${goQueryEscape(key)}=${goQueryEscape(values[key] ?? "")}`)
    .join("&");
}
