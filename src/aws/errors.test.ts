import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classify, isRetryable, redact } from './errors.ts'

test('redaction removes request ids, signatures, key ids and anything shaped like a secret', () => {
  // given an SDK message carrying everything that must never be shown
  const message =
    'User: arn:aws:iam::111111111111:user/x is not authorized (RequestId: 4f1e-8a7b-99) ' +
    'Credential=AKIAIOSFODNN7EXAMPLE/20261121/us-east-1/iam/aws4_request, Signature=abc123ef ' +
    'key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  // when redacted
  const shown = redact(message)
  // then none of it survives, and the useful part does
  assert.doesNotMatch(shown, /4f1e-8a7b-99|abc123ef|AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/)
  assert.match(shown, /is not authorized/)
  assert.match(shown, /AKIA…/)
})

test('errors are classified by code and status, and only transient ones are retried', () => {
  const cases: [unknown, string, boolean][] = [
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, 'throttled', true],
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'throttled', true],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, 'server', true],
    [{ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }, 'server', true],
    [{ name: 'Error', code: 'ECONNRESET', message: 'socket hang up' }, 'network', true],
    [{ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } }, 'not-found', false],
    [{ name: 'EntityAlreadyExistsException' }, 'exists', false],
    [{ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }, 'denied', false],
    [{ name: 'MalformedPolicyDocument', $metadata: { httpStatusCode: 400 } }, 'invalid', false],
  ]
  for (const [error, kind, retried] of cases) {
    const c = classify(error)
    assert.equal(c.kind, kind, JSON.stringify(error))
    assert.equal(isRetryable(c), retried)
  }
})
