/**
 * @module Booleans spelled as Go's `strconv.ParseBool` accepts them, as Watchtower reads its flags.
 */

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** The boolean for `text`, or undefined when Go's `strconv.ParseBool` would reject it. */
export function parseGoBool(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

export const BOOL_SPELLINGS = "1, t, T, TRUE, true, True, 0, f, F, FALSE, false or False";
