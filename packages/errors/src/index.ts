/** @maskflow/errors: one wording for every Maskflow error, and the argument checks that raise them. */
export { describe } from './describe.js';
export { UserError, isUserError, markUserError, nameOptions } from './userError.js';
export type { UserErrorOptions } from './userError.js';
export { OptionTypeError, OptionRangeError, isOptionError, formatErrorMessage, flagName } from './optionErrors.js';
export type { OptionNameFormatter, OptionProblem } from './optionErrors.js';
export { checkInteger, checkNumber, checkChoice, checkBoolean, checkNonEmptyString } from './checks.js';
export { checkSize, nearestMultiples, MAX_SIDE } from './checkSize.js';
export { closestName, editDistance } from './closestName.js';
export { describedFlags, explainUnknownFlags } from './unknownFlags.js';
