/**
 * @module A `WWW-Authenticate` parser (RFC 9110 §11.6.1): several challenges in one header,
 * case-insensitive schemes and parameter names, quoted values with commas and backslash escapes.
 */

export interface Challenge {
  /** Lower-cased scheme, e.g. `bearer` or `basic`. */
  scheme: string;
  /** Parameters with lower-cased names. */
  params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z/]/;

export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let pos = 0;
  const skip = (chars: string): void => {
    while (pos < header.length && chars.includes(header.charAt(pos))) pos++;
  };
  const token = (): string => {
    const start = pos;
    while (pos < header.length && TOKEN_CHAR.test(header.charAt(pos))) pos++;
    return header.slice(start, pos);
  };
  // Lenient: some servers send unquoted URLs, which are not RFC tokens.
  const bare = (): string => {
    const start = pos;
    while (pos < header.length && !", \t".includes(header.charAt(pos))) pos++;
    return header.slice(start, pos);
  };
  const quoted = (): string => {
    let value = "";
    pos++;
    while (pos < header.length && header.charAt(pos) !== '"') {
      if (header.charAt(pos) === "\\" && pos + 1 < header.length) pos++;
      value += header.charAt(pos);
      pos++;
    }
    pos++;
    return value;
  };

  while (pos < header.length) {
    skip(" \t,");
    const scheme = token();
    if (scheme === "") {
      pos++;
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (let first = true; ; first = false) {
      const save = pos;
      skip(first ? " \t" : " \t,");
      const name = token();
      const afterName = pos;
      skip("=");
      const equals = pos - afterName;
      skip(" \t");
      if (first && name !== "" && equals !== 1 && (pos >= header.length || header.charAt(pos) === ",")) {
        // A token68 credential (`Basic dXNlcg==`): not a parameter, not a scheme.
        continue;
      }
      pos = afterName;
      skip(" \t");
      if (name === "" || header.charAt(pos) !== "=") {
        pos = save;
        break;
      }
      pos++;
      skip(" \t");
      challenge.params[name.toLowerCase()] = header.charAt(pos) === '"' ? quoted() : bare();
    }
  }
  return challenges;
}
