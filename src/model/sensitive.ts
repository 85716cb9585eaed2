/**
 * A secret value that refuses to be shown. Printing, logging, `JSON.stringify` and string
 * interpolation all give `[redacted]`; only {@link Sensitive.reveal}, called where the value is
 * sent to its store, gives the text. A slip in a log line or an error then leaks nothing.
 */
const REDACTED = '[redacted]'

export class Sensitive {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  /** The value itself — for the one call that writes it to its store. */
  reveal(): string {
    return this.#value
  }

  toString(): string {
    return REDACTED
  }

  toJSON(): string {
    return REDACTED
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED
  }
}
