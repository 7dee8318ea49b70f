/** An error thrown by the resolver: shaped like Node's own (`code`, and `url` when a file was named). */
export interface ResolveError extends Error {
  code: string;
  url?: string;
}

type ErrorClass = ErrorConstructor | TypeErrorConstructor | RangeErrorConstructor;

/**
 * Builds an error the way Node's internal errors look: `name` stays the class name while the stack's
 * first line reads `TypeError [ERR_X]: message`, so logs from hot-node and from Node read the same.
 */
export function createResolveError(
  code: string,
  message: string,
  ErrorType: ErrorClass = Error,
  url?: string,
): ResolveError {
  const error = new ErrorType(message) as ResolveError;
  const className = error.name;
  Object.defineProperty(error, 'name', {
    value: `${className} [${code}]`,
    configurable: true,
    writable: true,
  });
  // Reading the stack makes V8 render it now, with the decorated name.
  void error.stack;
  delete (error as { name?: string }).name;
  error.code = code;
  if (url !== undefined) error.url = url;
  return error;
}

/** The `code` of an error-like value, if it has a string one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** The `url` Node attaches to "not found" and "directory import" errors: the file it looked for. */
export function errorUrl(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('url' in error)) return undefined;
  return typeof error.url === 'string' ? error.url : undefined;
}

/**
 * Adds a line to an error's message and stack, after the message's first line, as Node does for its
 * "Did you mean to import" hints.
 */
export function appendToMessage(error: Error, line: string): void {
  const stack = error.stack;
  if (stack !== undefined) {
    const header = stack.indexOf(error.message);
    const end = header === -1 ? -1 : header + error.message.length;
    error.stack = end === -1 ? `${stack}\n${line}` : `${stack.slice(0, end)}\n${line}${stack.slice(end)}`;
  }
  error.message += `\n${line}`;
}

/** Formats the list of places a lookup tried, for the end of a "not found" message. */
export function triedLine(tried: readonly string[]): string {
  return `  tried: ${tried.join(', ')}`;
}

/** `Cannot find module './x' imported from /app/main.ts` followed by every place that was tried. */
export function moduleNotFound(
  specifier: string,
  importer: string,
  tried: readonly string[],
  url?: string,
): ResolveError {
  const message = `Cannot find module '${specifier}' imported from ${importer}`;
  return createResolveError(
    'ERR_MODULE_NOT_FOUND',
    tried.length > 0 ? `${message}\n${triedLine(tried)}` : message,
    Error,
    url,
  );
}

/** The entry point named on the command line does not exist; `tried` lists every file looked at. */
export function entryNotFound(
  specifier: string,
  cwd: string,
  tried: readonly string[],
  url: string,
): ResolveError {
  return createResolveError(
    'ERR_MODULE_NOT_FOUND',
    `Cannot find entry module '${specifier}' (relative to ${cwd})\n${triedLine(tried)}`,
    Error,
    url,
  );
}

/** Node's error for a file whose extension no loader knows, e.g. `./styles.css`. */
export function unknownFileExtension(extension: string, file: string, url: string): ResolveError {
  return createResolveError(
    'ERR_UNKNOWN_FILE_EXTENSION',
    `Unknown file extension "${extension}" for ${file}`,
    TypeError,
    url,
  );
}

/** Node's error for a URL scheme that cannot be loaded, e.g. `https:`. */
export function unsupportedUrlScheme(url: URL): ResolveError {
  const windowsNote =
    process.platform === 'win32' && url.protocol.length === 2
      ? 'On Windows, absolute paths must be valid file:// URLs. '
      : '';
  return createResolveError(
    'ERR_UNSUPPORTED_ESM_URL_SCHEME',
    'Only URLs with a scheme in: file, data, and node are supported by the default ESM loader. ' +
      `${windowsNote}Received protocol '${url.protocol}'`,
  );
}

/** Node's error for `node:` followed by a name that is not a built-in module. */
export function unknownBuiltin(specifier: string): ResolveError {
  return createResolveError('ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${specifier}`);
}

/** Node's error for a `data:` URL whose MIME type is neither JavaScript nor JSON. */
export function unknownModuleFormat(mime: string, url: string): ResolveError {
  return createResolveError(
    'ERR_UNKNOWN_MODULE_FORMAT',
    `Unknown module format: ${mime} for URL ${url}`,
    RangeError,
    url,
  );
}

/** Node's error for a package.json that is not valid JSON. */
export function invalidPackageConfig(file: string, importing: string, reason: string): ResolveError {
  return createResolveError(
    'ERR_INVALID_PACKAGE_CONFIG',
    `Invalid package config ${file} while importing ${importing}. ${reason}`,
  );
}
