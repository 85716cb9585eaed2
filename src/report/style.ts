/**
 * Terminal styling. Colour is decided once by the CLI (a TTY, and no NO_COLOR) and passed in,
 * so reports stay pure and their text is testable.
 */
export interface Style {
  readonly red: (text: string) => string
  readonly yellow: (text: string) => string
  readonly green: (text: string) => string
  readonly cyan: (text: string) => string
  readonly dim: (text: string) => string
  readonly bold: (text: string) => string
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`

export const COLOR: Style = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
}

const plain = (text: string): string => text

export const PLAIN: Style = {
  red: plain,
  yellow: plain,
  green: plain,
  cyan: plain,
  dim: plain,
  bold: plain,
}
