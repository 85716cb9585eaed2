/**
 * Shapes checked before interpolation. Everything else may hold `${…}` and is checked after
 * each environment's values are applied.
 */
export const LOGICAL_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
export const LOGICAL_ID_NAME = 'a logical id (letters, digits, `-` and `_`, at most 64)'
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
export const ACCOUNT_ID = /^\d{12}$/
export const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/
export const SID = /^[A-Za-z0-9]+$/
/**
 * An IAM role ARN in any partition: an optional path, then the name.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export const ROLE_ARN =
  /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role\/(?:[\x21-\x7E]*\/)?[\w+=,.@-]{1,64}$/
/** AssumeRole's own limits on the session name and the external id. */
export const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/
export const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
