/**
 * @module Parser for Go text/template: turns lexer tokens into the tree in ast.ts. Supports
 * actions, pipelines, variables, parentheses, if/else if/else, with, range (with else,
 * break, continue), end, and the named templates of define, template and block.
 */
import type { ArgNode, CommandNode, Node, PipeNode, TemplateTree } from "./ast.ts";
import { TemplateError } from "./errors.ts";
import { lex, type Token } from "./lexer.ts";
import { GoFloat } from "./values.ts";

type EndKind = "end" | "else";

export function parseTemplate(src: string, functions: ReadonlySet<string>): TemplateTree {
  const parser = new Parser(src, lex(src), functions);
  const root = parser.parseAll();
  return { root, defines: parser.checkedDefines() };
}

class Parser {
  private i = 0;
  private readonly src: string;
  private readonly tokens: Token[];
  private readonly functions: ReadonlySet<string>;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  /** Nesting of control structures: `{{define}}` is allowed only at depth 0. */
  private depth = 0;
  private readonly defines = new Map<string, Node[]>();
  /** Every `{{template}}` call, checked against the definitions once all are known. */
  private readonly calls: { name: string; token: Token }[] = [];

  constructor(src: string, tokens: Token[], functions: ReadonlySet<string>) {
    this.src = src;
    this.tokens = tokens;
    this.functions = functions;
  }

  parseAll(): Node[] {
    const { nodes, end } = this.parseList();
    if (end !== undefined) throw this.error(end.token, `unexpected {{${end.kind}}}`);
    return nodes;
  }

  /** The definitions, once every `{{template "name"}}` is known to name one. */
  checkedDefines(): ReadonlyMap<string, Node[]> {
    for (const call of this.calls) {
      if (!this.defines.has(call.name)) throw this.error(call.token, `no such template "${call.name}"`);
    }
    return this.defines;
  }

  private peek(offset = 0): Token {
    const t = this.tokens[this.i + offset] ?? this.tokens[this.tokens.length - 1];
    if (t === undefined) throw new TemplateError("empty token stream", 1, 1);
    return t;
  }

  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private error(token: Token, message: string): TemplateError {
    return TemplateError.at(this.src, token.pos, message);
  }

  private expect(kind: Token["kind"], context: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw this.error(t, `unexpected ${describe(t)} in ${context}`);
    return t;
  }

  /** Parses nodes until EOF, `{{end}}` or `{{else}}`; returns which one stopped it. */
  private parseList(): { nodes: Node[]; end: { kind: EndKind; token: Token } | undefined } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === "eof") return { nodes, end: undefined };
      if (t.kind === "text") {
        nodes.push({ type: "text", text: t.value });
        continue;
      }
      // t is "open"
      const k = this.peek();
      if (k.kind === "keyword") {
        if (k.value === "end" || k.value === "else") {
          this.i++;
          return { nodes, end: { kind: k.value, token: k } };
        }
        nodes.push(this.parseKeyword());
        continue;
      }
      const pipe = this.parsePipe("command", true);
      this.expect("close", "command");
      nodes.push({ type: "action", pipe });
    }
  }

  private parseKeyword(): Node {
    const k = this.next();
    switch (k.value) {
      case "if":
      case "with":
      case "range":
        return this.parseControl(k.value, k);
      case "break":
      case "continue":
        if (this.rangeDepth === 0) throw this.error(k, `{{${k.value}}} outside {{range}}`);
        this.expect("close", k.value);
        return { type: k.value, pos: k.pos };
      case "define":
        if (this.depth > 0) throw this.error(k, "{{define}} is only allowed at the top level");
        this.define(this.templateName("define"), k);
        return { type: "text", text: "" };
      case "template": {
        const name = this.templateName("template");
        const pipe = this.peek().kind === "close" ? undefined : this.parsePipe("template clause", false);
        this.expect("close", "template");
        this.calls.push({ name, token: k });
        return { type: "template", name, pipe, pos: k.pos };
      }
      case "block": {
        const name = this.templateName("block");
        const pipe = this.parsePipe("block clause", false);
        this.define(name, k);
        return { type: "template", name, pipe, pos: k.pos };
      }
      default:
        throw this.error(k, `unsupported action {{${k.value}}}`);
    }
  }

  /** The quoted name after define, template or block. */
  private templateName(context: string): string {
    const t = this.next();
    if (t.kind === "string") return unquote(t.value, () => this.error(t, "bad string"));
    if (t.kind === "rawString") return t.value;
    throw this.error(t, `unexpected ${describe(t)} in ${context} clause: expected a quoted template name`);
  }

  /** The body of `{{define}}` or `{{block}}` up to its `{{end}}`, with its own variables ($ only). */
  private define(name: string, k: Token): void {
    this.expect("close", k.value);
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ["$"];
    this.rangeDepth = 0;
    const body = this.parseList();
    this.vars = saved.vars;
    this.rangeDepth = saved.rangeDepth;
    if (body.end?.kind !== "end") throw this.error(k, `expected {{end}} for {{${k.value} "${name}"}}`);
    this.expect("close", "end");
    // As Go: a definition may replace an empty one, not another with content.
    const existing = this.defines.get(name);
    if (existing !== undefined && !isEmpty(existing) && !isEmpty(body.nodes))
      throw this.error(k, `multiple definition of template "${name}"`);
    if (existing === undefined || !isEmpty(body.nodes)) this.defines.set(name, body.nodes);
  }

  private parseControl(kind: "if" | "with" | "range", k: Token): Node {
    this.depth++;
    try {
      return this.parseControlBody(kind, k);
    } finally {
      this.depth--;
    }
  }

  private parseControlBody(kind: "if" | "with" | "range", k: Token): Node {
    const saved = this.vars.length;
    const pipe = this.parsePipe(kind, kind === "range" ? "range" : true);
    this.expect("close", kind);
    if (kind === "range") this.rangeDepth++;
    const body = this.parseList();
    if (kind === "range") this.rangeDepth--;
    if (body.end === undefined) throw this.error(k, `unexpected EOF in {{${kind}}}`);
    let elseList: Node[] | undefined;
    if (body.end.kind === "else") {
      const after = this.peek();
      if (kind !== "range" && after.kind === "keyword" && after.value === kind) {
        // `{{else if …}}` / `{{else with …}}`: a nested control that shares our {{end}}.
        this.i++;
        elseList = [this.parseControl(kind, after)];
      } else {
        this.expect("close", "else");
        const rest = this.parseList();
        if (rest.end?.kind !== "end") throw this.error(k, `expected {{end}} for {{${kind}}}`);
        this.expect("close", "end");
        elseList = rest.nodes;
      }
    } else {
      this.expect("close", "end");
    }
    this.vars.length = saved;
    return { type: kind, pipe, list: body.nodes, elseList, pos: k.pos };
  }

  private parsePipe(context: string, allowDecl: boolean | "range"): PipeNode {
    const start = this.peek();
    const decl: string[] = [];
    let isAssign = false;
    if (allowDecl !== false && start.kind === "variable") {
      const a = this.peek(1);
      const b = this.peek(2);
      if (a.kind === "declare" || a.kind === "assign") {
        decl.push(start.value);
        isAssign = a.kind === "assign";
        this.i += 2;
      } else if (allowDecl === "range" && a.kind === "comma" && b.kind === "variable") {
        const c = this.peek(3);
        if (c.kind !== "declare" && c.kind !== "assign") throw this.error(c, "expected := in range");
        decl.push(start.value, b.value);
        isAssign = c.kind === "assign";
        this.i += 4;
      }
    }
    for (const v of decl) {
      if (isAssign) {
        if (!this.vars.includes(v)) throw this.error(start, `undefined variable "${v}"`);
      } else this.vars.push(v);
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      cmds.push(this.parseCommand(context));
      if (this.peek().kind !== "pipe") break;
      this.i++;
    }
    return { type: "pipe", decl, isAssign, cmds, pos: start.pos };
  }

  private parseCommand(context: string): CommandNode {
    const first = this.peek();
    const args: ArgNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "close" || t.kind === "pipe" || t.kind === "rparen") break;
      args.push(this.parseOperand());
    }
    if (args.length === 0) throw this.error(first, `missing value for ${context}`);
    return { args, pos: first.pos };
  }

  private parseOperand(): ArgNode {
    const t = this.next();
    let node: ArgNode;
    switch (t.kind) {
      case "field":
        node = { type: "field", idents: [t.value], pos: t.pos };
        break;
      case "variable":
        if (!this.vars.includes(t.value)) throw this.error(t, `undefined variable "${t.value}"`);
        node = { type: "variable", name: t.value, idents: [], pos: t.pos };
        break;
      case "identifier":
        if (!this.functions.has(t.value)) throw this.error(t, `function "${t.value}" not defined`);
        node = { type: "identifier", name: t.value, pos: t.pos };
        break;
      case "dot":
        node = { type: "dot", pos: t.pos };
        break;
      case "nil":
        node = { type: "nil", pos: t.pos };
        break;
      case "bool":
        node = { type: "literal", value: t.value === "true", pos: t.pos };
        break;
      case "number":
        node = {
          type: "literal",
          value: parseNumber(t.value, () => this.error(t, `bad number syntax: "${t.value}"`)),
          pos: t.pos,
        };
        break;
      case "string":
        node = { type: "literal", value: unquote(t.value, () => this.error(t, "bad string")), pos: t.pos };
        break;
      case "rawString":
        node = { type: "literal", value: t.value, pos: t.pos };
        break;
      case "char":
        node = {
          type: "literal",
          value:
            unquote(`"${t.value.slice(1, -1)}"`, () => this.error(t, "bad character")).codePointAt(0) ?? 0,
          pos: t.pos,
        };
        break;
      case "lparen": {
        const pipe = this.parsePipe("parenthesized pipeline", false);
        this.expect("rparen", "parenthesized pipeline");
        node = pipe;
        break;
      }
      default:
        throw this.error(t, `unexpected ${describe(t)} in operand`);
    }
    // Chained fields: `.A.B`, `$x.A`, `(pipe).A`.
    const chained: string[] = [];
    while (this.peek().kind === "field" && this.peek().pos === this.endOf(t, chained)) {
      chained.push(this.next().value);
    }
    if (chained.length === 0) return node;
    if (node.type === "field" || node.type === "variable") {
      node.idents.push(...chained);
      return node;
    }
    if (node.type === "literal" || node.type === "nil" || node.type === "identifier") {
      throw this.error(t, `unexpected . after term ${JSON.stringify(t.value)}`);
    }
    return { type: "chain", node, idents: chained, pos: t.pos };
  }

  /** Where the operand (with the fields chained so far) ends, so `.A .B` is not read as `.A.B`. */
  private endOf(t: Token, chained: string[]): number {
    const prev = this.tokens[this.i - 1];
    if (prev === undefined) return -1;
    if (chained.length === 0 && t.kind === "lparen") return prev.pos + 1;
    return prev.pos + (prev.kind === "field" ? prev.value.length + 1 : prev.value.length);
  }
}

function isEmpty(nodes: readonly Node[]): boolean {
  return nodes.every((node) => node.type === "text" && node.text.trim() === "");
}

function describe(t: Token): string {
  if (t.kind === "eof") return "EOF";
  if (t.kind === "close") return "}}";
  return `<${t.value}>`;
}

/** A number literal: an int, or a float64 (`1.5`; `1.0` and `2e3` as GoFloat, keeping their kind). */
function parseNumber(text: string, fail: () => Error): number | GoFloat {
  const clean = text.replace(/_/g, "");
  const sign = clean.startsWith("-") ? -1 : 1;
  const body = clean.replace(/^[+-]/, "");
  let n: number;
  if (/^0[xX]/.test(body)) n = Number.parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = Number.parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = Number.parseInt(body.slice(2), 8);
  else if (/^0[0-7]+$/.test(body)) n = Number.parseInt(body.slice(1), 8);
  else n = Number(body);
  if (body === "" || Number.isNaN(n)) throw fail();
  const value = sign * n;
  const floatSyntax = !/^0[xXbBoO]/.test(body) && /[.eE]/.test(body);
  return floatSyntax && Number.isInteger(value) ? new GoFloat(value) : value;
}

function unquote(quoted: string, fail: () => Error): string {
  try {
    const normalized = quoted
      .replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")
      .replace(/\\U([0-9a-fA-F]{8})/g, (_m, hex: string) => `\\u{${hex}}`)
      .replace(/\\a/g, "\\u0007")
      .replace(/\\v/g, "\\u000b");
    const value: unknown = JSON.parse(
      normalized.replace(/\\u\{([0-9a-fA-F]+)\}/g, (_m, hex: string) =>
        String.fromCodePoint(Number.parseInt(hex, 16)),
      ),
    );
    if (typeof value !== "string") throw fail();
    return value;
  } catch {
    throw fail();
  }
}
