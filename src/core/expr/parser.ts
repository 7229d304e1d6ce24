/**
 * Recursive-descent parser of the formula grammar (lowest precedence first):
 *
 *   expression := term (('+' | '-') term)*
 *   term       := unary (('*' | '/' | implicit) unary)*
 *   unary      := ('-' | '+') unary | power
 *   power      := primary ('^' unary)?          -- right-associative; -x^2 = -(x^2); 2^-1 is allowed
 *   primary    := number | 'x' | 'y' | 'pi' | 'e' | function '(' expression (',' expression)* ')'
 *               | '(' expression ')'
 *
 * Implicit multiplication is only a number (or the symbol π) followed by a name or `(`: `2x`,
 * `3(x + 1)`, `2 sin(x)`, `100(y - x^2)^2`, `2πx`, as the presets' formulas are shown. Anything
 * else side by side (`x y`, `(x)(y)`) is an error that says to write `*`.
 *
 * Every recursion opens a nesting level (a parenthesis, a call, a sign, an exponent), so counting
 * levels bounds the parser's stack before anything deep is built. The node cap bounds the rest:
 * a flat `x + x + ...` is a left-leaning tree as deep as it is long, which the later recursions
 * over the tree (simplify, differentiate, print, lower) walk in well under a thousand levels.
 */
import { type Message, message } from '../message.ts';
import { LANDSCAPE_VARIABLES, type Node, NodeFactory, type Variable } from './ast.ts';
import { type ExpressionError, expressionError } from './errors.ts';
import { EXPRESSION_FUNCTIONS, lookupFunction } from './functions.ts';
import { type Token, tokenize } from './lexer.ts';

/** Longest formula accepted, in characters: far beyond any hand-typed formula. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** Deepest nesting of parentheses, calls, signs and exponents accepted. */
export const MAX_EXPRESSION_DEPTH = 64;
/** Most tree nodes (numbers, names, operations) a formula may have. */
export const MAX_EXPRESSION_NODES = 2000;

export type ParseResult =
  | { readonly ok: true; readonly node: Node; readonly factory: NodeFactory }
  | { readonly ok: false; readonly error: ExpressionError };

const FUNCTION_NAMES = EXPRESSION_FUNCTIONS.map((fn) => fn.name).join(', ');

/** Thrown inside the parser only, caught by parseExpression: unwinds to the top with the error. */
class ParseFailure {
  constructor(readonly error: ExpressionError) {}
}

/**
 * Parses `text` into a tree built by a new NodeFactory, with `variables` as its names (a
 * landscape's x and y unless told otherwise). Never throws.
 */
export function parseExpression(
  text: string,
  variables: readonly Variable[] = LANDSCAPE_VARIABLES,
): ParseResult {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    const problem = message('expr.too-long', { length: text.length, max: MAX_EXPRESSION_LENGTH });
    return {
      ok: false,
      error: expressionError(problem, MAX_EXPRESSION_LENGTH, text.length - MAX_EXPRESSION_LENGTH),
    };
  }
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const parser = new Parser(lexed.tokens, variables);
  try {
    return { ok: true, node: parser.parse(), factory: parser.factory };
  } catch (failure) {
    if (failure instanceof ParseFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}

class Parser {
  readonly factory = new NodeFactory();
  private index = 0;
  private depth = 0;
  private nodeCount = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly variables: readonly Variable[],
  ) {}

  parse(): Node {
    if (this.peek().kind === 'end') this.fail(message('expr.empty'), this.peek());
    const node = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') this.failAfterOperand(next);
    return node;
  }

  private expression(): Node {
    let left = this.term();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || (token.operator !== '+' && token.operator !== '-')) return left;
      this.index++;
      left = this.count(this.factory.binary(token.operator, left, this.term()), token);
    }
  }

  private term(): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'operator' && (token.operator === '*' || token.operator === '/')) {
        this.index++;
        left = this.count(this.factory.binary(token.operator, left, this.unary()), token);
      } else if (
        this.multipliesImplicitly(this.tokens[this.index - 1]) &&
        (token.kind === 'name' || token.kind === '(')
      ) {
        left = this.count(this.factory.binary('*', left, this.unary()), token);
      } else {
        return left;
      }
    }
  }

  /** Whether a name or `(` right after `previous` multiplies: after a number or a `π` (`2πx`). */
  private multipliesImplicitly(previous: Token | undefined): boolean {
    return previous?.kind === 'number' || (previous?.kind === 'name' && previous.symbol === true);
  }

  private unary(): Node {
    const token = this.peek();
    if (token.kind === 'operator' && (token.operator === '-' || token.operator === '+')) {
      this.index++;
      const operand = this.nested(token, () => this.unary());
      // Unary plus changes nothing, so it leaves no node (and prints back as nothing).
      return token.operator === '-' ? this.count(this.factory.negate(operand), token) : operand;
    }
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    const token = this.peek();
    if (token.kind !== 'operator' || token.operator !== '^') return base;
    this.index++;
    const exponent = this.nested(token, () => this.unary());
    return this.count(this.factory.binary('^', base, exponent), token);
  }

  /**
   * Parses what `opener` (a parenthesis, a call, a sign or a ^) encloses, one nesting level down.
   * Every recursion of the parser goes through here, so this bounds its stack.
   */
  private nested<T>(opener: Token, parse: () => T): T {
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      this.fail(message('expr.too-deep', { max: MAX_EXPRESSION_DEPTH }), opener, opener.end - opener.start);
    }
    this.depth++;
    const result = parse();
    this.depth--;
    return result;
  }

  private primary(): Node {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return this.count(this.factory.number(token.value), token);
      case 'name':
        return this.name(token);
      case '(': {
        const inner = this.nested(token, () => this.expression());
        const close = this.peek();
        if (close.kind === ')') {
          this.index++;
          return inner;
        }
        if (close.kind === 'end') this.fail(message('expr.unclosed'), token, 1);
        return this.failAfterOperand(close);
      }
      case 'end':
        return this.fail(message('expr.ends-early'), token);
      case ')':
      case ',':
        return this.fail(message('expr.unexpected-token', { token: token.kind }), token, 1);
      case 'operator':
        return this.fail(message('expr.unexpected-token', { token: token.operator }), token, 1);
    }
  }

  private name(token: Token & { kind: 'name' }): Node {
    const { name } = token;
    const isCall = this.peek().kind === '(';
    const isVariable = this.variables.includes(name);
    if (isVariable || name === 'pi' || name === 'e') {
      if (isCall && token.symbol !== true) {
        this.fail(message('expr.not-a-function', { name }), token, name.length);
      }
      const node = isVariable ? this.factory.variable(name) : this.factory.constant(name as 'pi' | 'e');
      return this.count(node, token);
    }
    const fn = lookupFunction(name);
    if (!fn) return this.fail(unknownNameMessage(name, this.variables), token, name.length);
    if (!isCall) return this.fail(message('expr.is-a-function', { name }), token, name.length);
    const open = this.next();
    if (this.peek().kind === ')') {
      const problem = message(fn.arity === 1 ? 'expr.takes-one' : 'expr.takes-many', {
        name,
        arity: fn.arity,
      });
      this.fail(problem, token, this.peek().end - token.start);
    }
    const args = this.nested(open, () => this.arguments(name, open));
    if (args.length !== fn.arity) {
      const problem = message(fn.arity === 1 ? 'expr.takes-one-not' : 'expr.takes-many-not', {
        name,
        arity: fn.arity,
        count: args.length,
      });
      const close = this.tokens[this.index - 1]!;
      this.fail(problem, token, close.end - token.start);
    }
    return this.count(this.factory.call(fn.name, args), token);
  }

  /** The arguments of a call up to its closing `)`, which is consumed. */
  private arguments(name: string, open: Token): Node[] {
    const args: Node[] = [this.expression()];
    for (;;) {
      const separator = this.peek();
      if (separator.kind === ',') {
        this.index++;
        args.push(this.expression());
      } else if (separator.kind === ')') {
        this.index++;
        return args;
      } else if (separator.kind === 'end') {
        return this.fail(message('expr.call-unclosed', { name }), open, 1);
      } else {
        return this.failAfterOperand(separator);
      }
    }
  }

  /** The error for a token that cannot follow a complete operand. */
  private failAfterOperand(token: Token): never {
    switch (token.kind) {
      case ')':
        return this.fail(message('expr.unmatched-close'), token, 1);
      case ',':
        return this.fail(message('expr.comma-outside-call'), token, 1);
      case 'number':
      case 'name':
      case '(':
        return this.fail(message('expr.missing-operator'), token, token.end - token.start);
      default:
        return this.fail(message('expr.unexpected-text'), token, token.end - token.start);
    }
  }

  /** Counts a built node against MAX_EXPRESSION_NODES (counting what was parsed, shared or not). */
  private count<T extends Node>(node: T, token: Token): T {
    this.nodeCount++;
    if (this.nodeCount > MAX_EXPRESSION_NODES) {
      this.fail(
        message('expr.too-many-parts', { max: MAX_EXPRESSION_NODES }),
        token,
        token.end - token.start,
      );
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    // The end token is never consumed, so peek() stays valid after an error is found there.
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private fail(problem: Message, token: Token, length = 0): never {
    throw new ParseFailure(expressionError(problem, token.start, length));
  }
}

/** "unknown name" with a hint when the name is close to something we know. */
function unknownNameMessage(name: string, variables: readonly Variable[]): Message {
  const lower = name.toLowerCase();
  const known = [...variables, 'pi', 'e'];
  if (lower !== name && (lookupFunction(lower) || known.includes(lower))) {
    return message('expr.unknown-name-case', { name, lower });
  }
  if (lower === 'ln') return message('expr.unknown-name-ln', { name });
  // Variables are single letters and the constants ours: nothing to escape.
  const part = known.join('|');
  if (new RegExp(`^(${part})+$`).test(name)) {
    // `xy`, `pix`: products written without `*`.
    return message('expr.unknown-name-product', {
      name,
      product: name.match(new RegExp(part, 'g'))!.join('*'),
    });
  }
  return message('expr.unknown-name', { name, functions: FUNCTION_NAMES });
}
