/**
 * @module The parse tree of a Go text/template, close to Go's own `parse` package node types.
 */
import type { GoFloat } from "./values.ts";

export type ArgNode =
  | { type: "field"; idents: string[]; pos: number }
  | { type: "variable"; name: string; idents: string[]; pos: number }
  | { type: "identifier"; name: string; pos: number }
  | { type: "chain"; node: ArgNode; idents: string[]; pos: number }
  | { type: "dot"; pos: number }
  | { type: "nil"; pos: number }
  | { type: "literal"; value: string | number | boolean | GoFloat; pos: number }
  | PipeNode;

export interface CommandNode {
  args: ArgNode[];
  pos: number;
}

export interface PipeNode {
  type: "pipe";
  decl: string[];
  isAssign: boolean;
  cmds: CommandNode[];
  pos: number;
}

export type Node =
  | { type: "text"; text: string }
  | { type: "action"; pipe: PipeNode }
  | {
      type: "if" | "with" | "range";
      pipe: PipeNode;
      list: Node[];
      elseList: Node[] | undefined;
      pos: number;
    }
  | { type: "break" | "continue"; pos: number }
  /** `{{template "name" pipeline}}`, and the call half of `{{block}}`; no pipeline means dot is nil. */
  | { type: "template"; name: string; pipe: PipeNode | undefined; pos: number };

/** A parsed template: the main list and the `{{define}}`d (and `{{block}}`) templates by name. */
export interface TemplateTree {
  root: Node[];
  defines: ReadonlyMap<string, Node[]>;
}
