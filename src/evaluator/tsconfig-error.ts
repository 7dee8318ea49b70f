/** A tsconfig file that cannot be used: unreadable, invalid JSON, a bad field or an unresolvable `extends`. */
export class TsconfigError extends Error {
  constructor(
    /** Absolute path of the config file at fault. */
    readonly configFile: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TsconfigError';
  }
}
