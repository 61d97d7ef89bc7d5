/**
 * @module Lexer for Go `text/template` syntax: splits a template into text and action tokens,
 * applying the `{{-` / `-}}` trim markers and dropping comments, with line:column positions.
 */
import { TemplateError } from "./errors.ts";

export type TokenKind =
  | "text"
  | "open"
  | "close"
  | "field"
  | "variable"
  | "identifier"
  | "keyword"
  | "string"
  | "rawString"
  | "char"
  | "number"
  | "bool"
  | "nil"
  | "dot"
  | "pipe"
  | "lparen"
  | "rparen"
  | "declare"
  | "assign"
  | "comma"
  | "eof";

export interface Token {
  kind: TokenKind;
  value: string;
  /** Offset in the source, for line:column in errors. */
  pos: number;
}

const KEYWORDS = new Set([
  "if",
  "else",
  "end",
  "range",
  "with",
  "define",
  "template",
  "block",
  "break",
  "continue",
]);

const SPACE = /[ \t\r\n]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;

export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < src.length) {
    let open = src.indexOf("{{", pos);
    if (open < 0) open = src.length;
    let text = src.slice(pos, open);
    const textPos = pos;
    let trimLeft = false;
    if (open < src.length && src[open + 2] === "-" && SPACE.test(src[open + 3] ?? "")) {
      trimLeft = true;
    }
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, "");
    if (text !== "") tokens.push({ kind: "text", value: text, pos: textPos });
    trimNext = false;
    if (open >= src.length) break;
    pos = open + (trimLeft ? 3 : 2);
    const result = lexAction(src, pos, open, tokens);
    pos = result.end;
    trimNext = result.trimRight;
  }
  tokens.push({ kind: "eof", value: "", pos: src.length });
  return tokens;
}

function isCloseAt(src: string, i: number): { trim: boolean; len: number } | undefined {
  if (SPACE.test(src[i] ?? "") && src.startsWith("-}}", i + 1)) return { trim: true, len: 4 };
  if (src.startsWith("}}", i)) return { trim: false, len: 2 };
  return undefined;
}

function lexAction(
  src: string,
  start: number,
  openPos: number,
  tokens: Token[],
): { end: number; trimRight: boolean } {
  let i = start;
  // Comments must follow the delimiter (and its trim marker) directly.
  let j = i;
  while (SPACE.test(src[j] ?? "") && j > start - 1 && src[start - 1] === "-") j++;
  if (src.startsWith("/*", j)) {
    const endComment = src.indexOf("*/", j + 2);
    if (endComment < 0) throw TemplateError.at(src, openPos, "unclosed comment");
    const close = isCloseAt(src, endComment + 2);
    if (close === undefined) throw TemplateError.at(src, endComment, "comment ends before closing delimiter");
    return { end: endComment + 2 + close.len, trimRight: close.trim };
  }
  tokens.push({ kind: "open", value: "{{", pos: openPos });
  let parenDepth = 0;
  for (;;) {
    const close = isCloseAt(src, i);
    if (close !== undefined && parenDepth > 0) throw TemplateError.at(src, i, "unclosed left paren");
    if (close !== undefined) {
      tokens.push({ kind: "close", value: "}}", pos: i });
      return { end: i + close.len, trimRight: close.trim };
    }
    const c = src[i];
    if (c === undefined) throw TemplateError.at(src, openPos, "unclosed action");
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    const p = i;
    if (c === "|") {
      tokens.push({ kind: "pipe", value: c, pos: p });
      i++;
    } else if (c === "(") {
      parenDepth++;
      tokens.push({ kind: "lparen", value: c, pos: p });
      i++;
    } else if (c === ")") {
      parenDepth--;
      if (parenDepth < 0) throw TemplateError.at(src, p, "unexpected right paren");
      tokens.push({ kind: "rparen", value: c, pos: p });
      i++;
    } else if (c === ",") {
      tokens.push({ kind: "comma", value: c, pos: p });
      i++;
    } else if (c === ":" && src[i + 1] === "=") {
      tokens.push({ kind: "declare", value: ":=", pos: p });
      i += 2;
    } else if (c === "=") {
      tokens.push({ kind: "assign", value: "=", pos: p });
      i++;
    } else if (c === '"') {
      i = lexQuote(src, i, '"');
      tokens.push({ kind: "string", value: src.slice(p, i), pos: p });
    } else if (c === "'") {
      i = lexQuote(src, i, "'");
      tokens.push({ kind: "char", value: src.slice(p, i), pos: p });
    } else if (c === "`") {
      const endRaw = src.indexOf("`", i + 1);
      if (endRaw < 0) throw TemplateError.at(src, p, "unterminated raw quoted string");
      i = endRaw + 1;
      tokens.push({ kind: "rawString", value: src.slice(p + 1, i - 1), pos: p });
    } else if (c === "$") {
      i++;
      while (IDENT_CHAR.test(src[i] ?? "")) i++;
      tokens.push({ kind: "variable", value: src.slice(p, i), pos: p });
    } else if (c === ".") {
      if (IDENT_CHAR.test(src[i + 1] ?? "") && !/[0-9]/.test(src[i + 1] ?? "")) {
        i++;
        while (IDENT_CHAR.test(src[i] ?? "")) i++;
        tokens.push({ kind: "field", value: src.slice(p + 1, i), pos: p });
      } else if (/[0-9]/.test(src[i + 1] ?? "")) {
        i = lexNumber(src, i);
        tokens.push({ kind: "number", value: src.slice(p, i), pos: p });
      } else {
        tokens.push({ kind: "dot", value: ".", pos: p });
        i++;
      }
    } else if (/[0-9+-]/.test(c)) {
      i = lexNumber(src, i);
      if (i === p + 1 && /[+-]/.test(c)) throw TemplateError.at(src, p, `bad character ${JSON.stringify(c)}`);
      tokens.push({ kind: "number", value: src.slice(p, i), pos: p });
    } else if (/[A-Za-z_]/.test(c)) {
      while (IDENT_CHAR.test(src[i] ?? "")) i++;
      const word = src.slice(p, i);
      const kind: TokenKind =
        word === "true" || word === "false"
          ? "bool"
          : word === "nil"
            ? "nil"
            : KEYWORDS.has(word)
              ? "keyword"
              : "identifier";
      tokens.push({ kind, value: word, pos: p });
    } else {
      throw TemplateError.at(src, p, `unexpected ${JSON.stringify(c)} in command`);
    }
  }
}

function lexQuote(src: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === "\n") throw TemplateError.at(src, start, "unterminated quoted string");
    if (c === "\\") i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
}

function lexNumber(src: string, start: number): number {
  const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)/.exec(
    src.slice(start),
  );
  const len = m?.[0].length ?? 0;
  return start + Math.max(len, 1);
}
