/**
 * @module The public face of the Go text/template engine: compile once (parse errors carry
 * line:column), execute many times.
 */
import { execute } from "./evaluator.ts";
import { FUNCTIONS } from "./functions.ts";
import { parseTemplate } from "./parser.ts";

export interface CompiledTemplate {
  /** Renders the template; throws TemplateExecError on a runtime error. */
  execute(data: unknown): string;
}

const FUNCTION_NAMES: ReadonlySet<string> = new Set(FUNCTIONS.keys());

/** Parses Go template text; throws TemplateError (with line and column) when it does not parse. */
export function compileTemplate(text: string): CompiledTemplate {
  const tree = parseTemplate(text, FUNCTION_NAMES);
  return { execute: (data) => execute(tree, data, FUNCTIONS) };
}
