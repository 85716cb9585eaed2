/** JSON, base64, URL encoding and hashes. */
import { createHash } from 'node:crypto'
import { decodeJson, encodeJson } from '../json.ts'
import { failure, typeName } from '../value-ops.ts'
import type { TfValue } from '../value.ts'
import { NULL } from '../value.ts'
import type { FunctionTable, TfFunction } from './function.ts'
import { str, textArg } from './function.ts'

function onText(fn: (text: string) => string): TfFunction {
  return {
    min: 1,
    fn: (args, call) => {
      const text = textArg(args, 0, call)
      return typeof text === 'string' ? str(fn(text)) : text
    },
  }
}

const hash = (algorithm: string, encoding: 'hex' | 'base64'): TfFunction =>
  onText((text) => createHash(algorithm).update(text, 'utf8').digest(encoding))

export const ENCODING_FUNCTIONS: FunctionTable = {
  jsonencode: {
    min: 1,
    takesUnknown: true,
    fn: ([value = NULL], call) => encodeJson(value, call.loc),
  },
  jsondecode: {
    min: 1,
    fn: ([value = NULL], call): TfValue =>
      value.kind === 'string'
        ? decodeJson(value, call.loc)
        : failure(`${call.name}() needs a string, not ${typeName(value)}`, call.loc),
  },
  base64encode: onText((text) => Buffer.from(text, 'utf8').toString('base64')),
  base64decode: onText((text) => Buffer.from(text, 'base64').toString('utf8')),
  urlencode: onText((text) => encodeURIComponent(text).replace(/%20/g, '+')),
  md5: hash('md5', 'hex'),
  sha1: hash('sha1', 'hex'),
  sha256: hash('sha256', 'hex'),
  sha512: hash('sha512', 'hex'),
  base64sha256: hash('sha256', 'base64'),
  base64sha512: hash('sha512', 'base64'),
}
