/**
 * The rotation records of one run, held over the journal (model/rotation-journal.ts). Each
 * identity's rotation writes its record and waits until the journal holds it, as before a side
 * effect it must; the book writes the journal once for every identity waiting — a group commit.
 * It writes when every rotation of the run is waiting on it (or done), so identities that move in
 * step share one write per phase: the intents before their keys are created, the promotions after.
 *
 * A rotation that waits on anything else (IAM accepting its new key) delays the others' write,
 * never their correctness; a write refused because another run wrote first fails every rotation
 * still waiting and every later one, which stops this run before its next side effect.
 */
import { InternalError } from '../errors.ts'
import type { JournalPort } from '../model/ports.ts'
import type { JournalSnapshot } from '../model/rotation-journal.ts'
import type { RotationRecord } from '../model/rotation-record.ts'

interface Waiting {
  readonly id: string
  readonly record: RotationRecord
  readonly done: () => void
  readonly failed: (error: Error) => void
}

export class RecordBook {
  readonly #port: JournalPort
  #records: Map<string, RotationRecord>
  #version: string | undefined
  #members = 0
  #waiting: Waiting[] = []
  #writing = false
  #broken: Error | undefined

  constructor(port: JournalPort, snapshot: JournalSnapshot) {
    this.#port = port
    this.#records = new Map(snapshot.records)
    this.#version = snapshot.version
  }

  get(id: string): RotationRecord | undefined {
    return this.#records.get(id)
  }

  /** A rotation begins: the book waits for it before writing. */
  join(): void {
    this.#members++
  }

  /** A rotation is done: the book no longer waits for it. */
  leave(): void {
    this.#members--
    this.#maybeWrite()
  }

  /** Resolves once the journal holds `record` for `id`. */
  write(id: string, record: RotationRecord): Promise<void> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken)
    return new Promise((done, failed) => {
      this.#waiting.push({ id, record, done, failed })
      this.#maybeWrite()
    })
  }

  #maybeWrite(): void {
    if (this.#writing || this.#waiting.length === 0 || this.#waiting.length < this.#members) return
    void this.#writeWaiting()
  }

  async #writeWaiting(): Promise<void> {
    this.#writing = true
    const batch = this.#waiting.splice(0)
    const next = new Map(this.#records)
    for (const w of batch) next.set(w.id, w.record)
    try {
      this.#version = await this.#port.writeJournal(this.#version, next)
      this.#records = next
      for (const w of batch) w.done()
    } catch (error) {
      const broken =
        error instanceof Error ? error : new InternalError('A journal write failed.', error)
      this.#broken = broken
      for (const w of [...batch, ...this.#waiting.splice(0)]) w.failed(broken)
    } finally {
      this.#writing = false
      this.#maybeWrite()
    }
  }
}
