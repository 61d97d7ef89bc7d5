/**
 * @module Errors of the template engine, carrying the line and column of the problem.
 */
import { BosunError } from "../../util/errors.ts";

export class TemplateError extends BosunError {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super("TEMPLATE", `template: notification:${String(line)}:${String(column)}: ${message}`);
    this.line = line;
    this.column = column;
  }

  /** An error at a source offset; the column counts from 1, as Go reports it. */
  static at(src: string, pos: number, message: string): TemplateError {
    const before = src.slice(0, pos);
    const line = before.split("\n").length;
    const column = pos - (before.lastIndexOf("\n") + 1) + 1;
    return new TemplateError(message, line, column);
  }
}

/** An error raised while executing a template (bad call, bad types). */
export class TemplateExecError extends BosunError {
  constructor(message: string) {
    super("TEMPLATE_EXEC", `template: notification: ${message}`);
  }
}
