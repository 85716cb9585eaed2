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
