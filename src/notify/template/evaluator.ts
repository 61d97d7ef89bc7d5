/**
 * @module Executes a parsed Go text/template against a data value, with Go's rules for dot,
 * variables, field and method lookup, pipelines and control structures.
 */
import type { ArgNode, CommandNode, Node, PipeNode, TemplateTree } from "./ast.ts";
import { TemplateExecError } from "./errors.ts";
import type { TemplateFunction } from "./functions.ts";
import { formatValue, isPlainObject, isTrue, typeName } from "./values.ts";

const BREAK = Symbol("break");
const CONTINUE = Symbol("continue");
type Flow = typeof BREAK | typeof CONTINUE | undefined;

/** Bounds runaway templates (range over a huge integer). */
const MAX_OUTPUT = 10_000_000;
/** Bounds recursive `{{template}}` calls. */
const MAX_DEPTH = 1000;

interface Variable {
  name: string;
  value: unknown;
}

export function execute(
  tree: TemplateTree,
  data: unknown,
  functions: ReadonlyMap<string, TemplateFunction>,
): string {
  const state = new State(functions, tree.defines, data);
  state.walkList(tree.root, data);
  return state.out;
}

class State {
  out = "";
  private vars: Variable[];
  private depth = 0;
  private readonly functions: ReadonlyMap<string, TemplateFunction>;
  private readonly defines: ReadonlyMap<string, Node[]>;

  constructor(
    functions: ReadonlyMap<string, TemplateFunction>,
    defines: ReadonlyMap<string, Node[]>,
    data: unknown,
  ) {
    this.functions = functions;
    this.defines = defines;
    this.vars = [{ name: "$", value: data }];
  }

  private write(s: string): void {
    this.out += s;
    if (this.out.length > MAX_OUTPUT) throw new TemplateExecError("output too large");
  }

  walkList(nodes: Node[], dot: unknown): Flow {
    for (const node of nodes) {
      const flow = this.walk(node, dot);
      if (flow !== undefined) return flow;
    }
    return undefined;
  }

  private scoped(fn: () => Flow): Flow {
    const mark = this.vars.length;
    try {
      return fn();
    } finally {
      this.vars.length = mark;
    }
  }

  private walk(node: Node, dot: unknown): Flow {
    switch (node.type) {
      case "text":
        this.write(node.text);
        return undefined;
      case "action": {
        const value = this.evalPipe(node.pipe, dot);
        // Go prints a nil or missing result as <no value> (as an argument it is nil: <nil>).
        if (node.pipe.decl.length === 0)
          this.write(value === null || value === undefined ? "<no value>" : formatValue(value));
        return undefined;
      }
      case "break":
        return BREAK;
      case "continue":
        return CONTINUE;
      case "if":
      case "with":
        return this.scoped(() => {
          const value = this.evalPipe(node.pipe, dot);
          if (isTrue(value)) return this.walkList(node.list, node.type === "with" ? value : dot);
          return node.elseList === undefined ? undefined : this.walkList(node.elseList, dot);
        });
      case "range":
        return this.scoped(() => this.walkRange(node.pipe, node.list, node.elseList, dot));
      case "template":
        this.walkTemplate(node.name, node.pipe === undefined ? undefined : this.evalPipe(node.pipe, dot));
        return undefined;
    }
  }

  /** A named template runs with `value` as both dot and `$`, and sees none of the caller's variables. */
  private walkTemplate(name: string, value: unknown): void {
    const body = this.defines.get(name);
    if (body === undefined) throw new TemplateExecError(`no such template "${name}"`);
    if (this.depth >= MAX_DEPTH)
      throw new TemplateExecError(`exceeded maximum template depth (${String(MAX_DEPTH)})`);
    const caller = this.vars;
    this.vars = [{ name: "$", value }];
    this.depth++;
    try {
      this.walkList(body, value);
    } finally {
      this.depth--;
      this.vars = caller;
    }
  }

  private walkRange(pipe: PipeNode, list: Node[], elseList: Node[] | undefined, dot: unknown): Flow {
    const decl = pipe.decl;
    const value = this.evalPipe({ ...pipe, decl: [] }, dot);
    const items: [unknown, unknown][] = rangeItems(value);
    if (items.length === 0) return elseList === undefined ? undefined : this.walkList(elseList, dot);
    const mark = this.vars.length;
    for (const [key, elem] of items) {
      this.vars.length = mark;
      if (decl.length === 1) this.setVar(decl[0], elem, pipe.isAssign);
      if (decl.length === 2) {
        this.setVar(decl[0], key, pipe.isAssign);
        this.setVar(decl[1], elem, pipe.isAssign);
      }
      const flow = this.walkList(list, elem);
      if (flow === BREAK) break;
    }
    return undefined;
  }

  private setVar(name: string | undefined, value: unknown, assign: boolean): void {
    if (name === undefined) return;
    if (assign) {
      for (let i = this.vars.length - 1; i >= 0; i--) {
        const v = this.vars[i];
        if (v?.name === name) {
          v.value = value;
          return;
        }
      }
      throw new TemplateExecError(`undefined variable: ${name}`);
    }
    this.vars.push({ name, value });
  }

  private getVar(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v.value;
    }
    throw new TemplateExecError(`undefined variable: ${name}`);
  }

  private evalPipe(pipe: PipeNode, dot: unknown): unknown {
    let value: unknown;
    let hasFinal = false;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(cmd, dot, hasFinal ? [value] : []);
      hasFinal = true;
    }
    for (const name of pipe.decl) this.setVar(name, value, pipe.isAssign);
    return value;
  }

  private evalCommand(cmd: CommandNode, dot: unknown, final: unknown[]): unknown {
    const [first, ...rest] = cmd.args;
    if (first === undefined) throw new TemplateExecError("empty command");
    const args = (): unknown[] => [...rest.map((a) => this.evalArg(a, dot)), ...final];
    switch (first.type) {
      case "identifier":
        return this.callFunction(first.name, rest, final, dot);
      case "field":
        return this.evalFields(dot, first.idents, args());
      case "variable":
        return this.evalFields(this.getVar(first.name), first.idents, args());
      case "chain":
        return this.evalFields(this.evalArg(first.node, dot), first.idents, args());
      case "nil":
        throw new TemplateExecError("nil is not a command");
      default:
        if (rest.length > 0 || final.length > 0) {
          throw new TemplateExecError(
            `can't give argument to non-function ${formatValue(this.evalArg(first, dot))}`,
          );
        }
        return this.evalArg(first, dot);
    }
  }

  private callFunction(name: string, argNodes: ArgNode[], final: unknown[], dot: unknown): unknown {
    if (name === "and" || name === "or") {
      const thunks: (() => unknown)[] = [
        ...argNodes.map((a) => () => this.evalArg(a, dot)),
        ...final.map((f) => () => f),
      ];
      if (thunks.length === 0)
        throw new TemplateExecError(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: unknown;
      for (const thunk of thunks) {
        v = thunk();
        if (isTrue(v) === (name === "or")) return v;
      }
      return v;
    }
    const fn = this.functions.get(name);
    if (fn === undefined) throw new TemplateExecError(`"${name}" is not a defined function`);
    const args = [...argNodes.map((a) => this.evalArg(a, dot)), ...final].map((a) =>
      a === undefined ? null : a,
    );
    try {
      return fn(args);
    } catch (error) {
      if (error instanceof TemplateExecError) throw error;
      throw new TemplateExecError(`error calling ${name}: ${String(error)}`);
    }
  }

  private evalArg(node: ArgNode, dot: unknown): unknown {
    switch (node.type) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "literal":
        return node.value;
      case "field":
        return this.evalFields(dot, node.idents, []);
      case "variable":
        return this.evalFields(this.getVar(node.name), node.idents, []);
      case "chain":
        return this.evalFields(this.evalArg(node.node, dot), node.idents, []);
      case "identifier":
        return this.callFunction(node.name, [], [], dot);
      case "pipe":
        return this.scopedValue(() => this.evalPipe(node, dot));
    }
  }

  private scopedValue(fn: () => unknown): unknown {
    const mark = this.vars.length;
    try {
      return fn();
    } finally {
      this.vars.length = mark;
    }
  }

  /** `.A.B.C args…`: only the last element receives the arguments, as in Go. */
  private evalFields(receiver: unknown, idents: string[], args: unknown[]): unknown {
    let v = receiver;
    idents.forEach((ident, i) => {
      v = field(v, ident, i === idents.length - 1 ? args : []);
    });
    if (idents.length === 0 && args.length > 0) {
      throw new TemplateExecError(`can't give argument to non-function ${formatValue(v)}`);
    }
    return v;
  }
}

function field(receiver: unknown, name: string, args: unknown[]): unknown {
  if (receiver === undefined || receiver === null) {
    if (receiver === null)
      throw new TemplateExecError(`nil pointer evaluating ${typeName(receiver)}.${name}`);
    return undefined;
  }
  if (receiver instanceof Map) return noArgs(name, args, receiver.get(name));
  if (isPlainObject(receiver)) return noArgs(name, args, receiver[name]);
  if (typeof receiver === "object" || typeof receiver === "function") {
    const member: unknown = (receiver as Record<string, unknown>)[name];
    if (typeof member === "function") return (member as (...a: unknown[]) => unknown).apply(receiver, args);
    if (member !== undefined || name in receiver) return noArgs(name, args, member);
  }
  throw new TemplateExecError(`can't evaluate field ${name} in type ${typeName(receiver)}`);
}

function noArgs(name: string, args: unknown[], value: unknown): unknown {
  if (args.length > 0) throw new TemplateExecError(`${name} has arguments but cannot be invoked as function`);
  return value;
}

function rangeItems(value: unknown): [unknown, unknown][] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((e, i) => [i, e]);
  if (value instanceof Map) return [...value.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
  if (isPlainObject(value))
    return Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]);
  if (typeof value === "number" && Number.isInteger(value)) {
    if (value > 1_000_000) throw new TemplateExecError("range over a too large integer");
    return Array.from({ length: Math.max(0, value) }, (_v, i) => [i, i]);
  }
  throw new TemplateExecError(`range can't iterate over ${formatValue(value)}`);
}
