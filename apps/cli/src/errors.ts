/** Exit code for a user mistake on the command line (bad option value, unknown scenario, ...). */
export const EXIT_USAGE = 2;
/** Exit code for a run that started but failed (backend failed to start, a check failed, ...). */
export const EXIT_FAILURE = 1;

/**
 * A user mistake: printed as one line naming the bad value (no stack) and exits with
 * {@link EXIT_USAGE}.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user should see as one clear line (no stack), exiting with {@link EXIT_FAILURE}. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}
