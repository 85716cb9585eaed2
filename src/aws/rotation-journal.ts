/**
 * The rotation journal's storage (model/rotation-journal.ts says why one secret): read the
 * version staged AWSCURRENT, and replace it only if it is still the version read.
 *
 * A write is PutSecretValue of a new version staged `keyward-next` (which consumers of the
 * journal never read), then UpdateSecretVersionStage moving AWSCURRENT onto it *from the version
 * read*; AWS refuses that move when AWSCURRENT has moved since, which is the compare-and-swap.
 * A journal past Secrets Manager's 64 KB for a string is stored gzipped as SecretBinary.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html
 */
import { randomUUID } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type GetSecretValueCommandOutput,
} from '@aws-sdk/client-secrets-manager'
import { KeywardError } from '../errors.ts'
import type { JournalPort } from '../model/ports.ts'
import {
  decodeJournal,
  encodeJournal,
  TAG_JOURNAL,
  type JournalRecords,
  type JournalSnapshot,
} from '../model/rotation-journal.ts'
import { AwsError } from './errors.ts'
import type { AwsSession } from './session.ts'
import { tagList } from './tags.ts'

/** Secrets Manager's limit for a secret value, string or binary. */
const VALUE_LIMIT = 65_536
const NEXT_STAGE = 'keyward-next'

export class AwsJournalPort implements JournalPort {
  readonly #s: AwsSession
  readonly #name: string
  readonly #owner: string

  /**
   * `name`: the journal secret; `owner`: `project/environment`, tagged on it when this port
   * creates it (a port that only reads needs none).
   */
  constructor(session: AwsSession, name: string, owner = '') {
    this.#s = session
    this.#name = name
    this.#owner = owner
  }

  async readJournal(): Promise<JournalSnapshot> {
    const s = this.#s
    // moto answers a GetSecretValue without a stage from a stale default version; AWS does not,
    // and naming the stage is right for both.
    const found = await s.find<GetSecretValueCommandOutput>(
      s.secrets,
      new GetSecretValueCommand({ SecretId: this.#name, VersionStage: 'AWSCURRENT' }),
    )
    if (found === undefined) return { records: new Map() }
    const text =
      found.SecretString ??
      (found.SecretBinary === undefined ? '' : gunzipSync(found.SecretBinary).toString('utf8'))
    const records = decodeJournal(text)
    if (records === undefined) {
      throw new KeywardError(
        'invalid-journal',
        `The rotation journal ${this.#name} does not hold a journal this version of keyward reads.`,
        {
          source: 'user',
          hint: 'Restore its previous version (AWSPREVIOUS) if it was edited by hand; rotation stops until it reads again, so that no rotation in flight is forgotten.',
        },
      )
    }
    return { records, ...(found.VersionId === undefined ? {} : { version: found.VersionId }) }
  }

  async writeJournal(expected: string | undefined, records: JournalRecords): Promise<string> {
    const s = this.#s
    const version = randomUUID()
    const value = valueOf(encodeJournal(records), this.#name)
    try {
      if (expected === undefined) {
        await s.call(
          s.secrets,
          new CreateSecretCommand({
            Name: this.#name,
            ClientRequestToken: version,
            Description: 'keyward: rotation records of this environment; rotate writes it',
            Tags: tagList({ [TAG_JOURNAL]: this.#owner }),
            ...value,
          }),
        )
        return version
      }
      await s.call(
        s.secrets,
        new PutSecretValueCommand({
          SecretId: this.#name,
          ClientRequestToken: version,
          VersionStages: [NEXT_STAGE],
          ...value,
        }),
      )
      await s.call(
        s.secrets,
        new UpdateSecretVersionStageCommand({
          SecretId: this.#name,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: version,
          RemoveFromVersionId: expected,
        }),
      )
      return version
    } catch (error) {
      if (!(error instanceof AwsError) || (error.kind !== 'exists' && error.kind !== 'invalid'))
        throw error
      // Refused: either our own write went through and its answer was lost, or another run
      // wrote first. Only the journal says which.
      const now = await this.readJournal()
      if (now.version === version) return version
      throw new KeywardError(
        'rotation-conflict',
        `Another run changed the rotation journal ${this.#name} while this one ran; this run stopped before its next step.`,
        {
          source: 'user',
          cause: error,
          hint: 'Only one rotate may run per environment at a time. Run rotate again once the other run is done: it continues from where both stopped.',
        },
      )
    }
  }
}

function valueOf(
  text: string,
  name: string,
): { SecretString: string } | { SecretBinary: Uint8Array } {
  if (Buffer.byteLength(text) <= VALUE_LIMIT) return { SecretString: text }
  const packed = gzipSync(text)
  if (packed.byteLength <= VALUE_LIMIT) return { SecretBinary: packed }
  throw new KeywardError(
    'rotation-failed',
    `The rotation journal ${name} would outgrow the 64 KB a secret holds.`,
    {
      source: 'user',
      hint: 'Split the identities over more environments; a journal holds a few thousand.',
    },
  )
}
