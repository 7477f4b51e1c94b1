/**
 * Errors with stable codes, in the manner of fastify's `lib/errors.js`: a code, a message template
 * with `%s` placeholders, and an HTTP status where one applies. Tests assert `err.code`, never the text.
 * Every code is listed in docs/errors.md (a test checks it).
 */
export class CodedError extends Error {
  /** Stable, documented code such as `CFG_ERR_INVALID`. */
  readonly code: string;
  /** HTTP status to answer with, when the error reaches an HTTP entry point. */
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodedError';
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** A factory for one error code: `new ERR(...args)` fills the template's `%s` in order. */
export interface CodedErrorFactory {
  new (...args: unknown[]): CodedError;
  (...args: unknown[]): CodedError;
  readonly code: string;
  readonly template: string;
  readonly statusCode: number;
}

const registry = new Map<string, CodedErrorFactory>();

/** Define an error code once; defining the same code twice is a bug and throws at import time. */
export function defineError(code: string, template: string, statusCode = 500): CodedErrorFactory {
  if (registry.has(code)) throw new Error(`error code defined twice: ${code}`);
  const factory = function (...args: unknown[]): CodedError {
    let i = 0;
    const message = template.replace(/%s/g, () => String(args[i++]));
    const last = args[args.length - 1];
    const cause = last instanceof Error ? last : undefined;
    return new CodedError(code, message, statusCode, cause ? { cause } : undefined);
  } as unknown as CodedErrorFactory;
  Object.defineProperties(factory, {
    code: { value: code },
    template: { value: template },
    statusCode: { value: statusCode },
  });
  registry.set(code, factory);
  return factory;
}

/** Every code defined so far (for the documentation test). */
export function definedErrorCodes(): string[] {
  return [...registry.keys()].sort();
}

/** True when `err` carries the given code. */
export function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
