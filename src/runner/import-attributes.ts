import type { SourceLanguage } from '../evaluator/strip-types.js';
import type { ResolvedModule } from './resolve.js';

interface NodeError extends TypeError {
  code: string;
}

function nodeError(code: string, message: string): NodeError {
  const error = new TypeError(message) as NodeError;
  error.code = code;
  return error;
}

/** Node 20 still names these errors after import assertions; Node 22 after attributes. */
const LEGACY_CODES = Number(process.versions.node.split('.')[0]) < 22;

function missing(url: string): NodeError {
  return LEGACY_CODES
    ? nodeError(
        'ERR_IMPORT_ASSERTION_TYPE_MISSING',
        `Module "${url}" needs an import attribute of type "json"`,
      )
    : nodeError('ERR_IMPORT_ATTRIBUTE_MISSING', `Module "${url}" needs an import attribute of "type: json"`);
}

function incompatible(url: string): NodeError {
  return LEGACY_CODES
    ? nodeError('ERR_IMPORT_ASSERTION_TYPE_FAILED', `Module "${url}" is not of type "json"`)
    : nodeError('ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE', `Module "${url}" is not of type "json"`);
}

function unsupported(key: string, value: string): NodeError {
  if (LEGACY_CODES && key === 'type') {
    return nodeError(
      'ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED',
      `Import assertion type "${value}" is unsupported`,
    );
  }
  return nodeError(
    'ERR_IMPORT_ATTRIBUTE_UNSUPPORTED',
    `Import attribute "${key}" with value "${value}" is not supported`,
  );
}

/**
 * Node's rules for import attributes: a JSON module needs `with { type: 'json' }`, and
 * `type` must match what the module is. TypeScript files may import JSON without the
 * attribute, as TypeScript itself allows.
 *
 * @throws TypeError with the code the running Node gives (ERR_IMPORT_ATTRIBUTE_MISSING, ...).
 */
export function checkImportAttributes(
  request: { readonly specifier: string; readonly attributes: Readonly<Record<string, string>> },
  resolved: ResolvedModule,
  importerLanguage: SourceLanguage,
): void {
  for (const [key, value] of Object.entries(request.attributes)) {
    if (key !== 'type' || value !== 'json') throw unsupported(key, value);
  }
  const type = request.attributes.type;
  const typescript = importerLanguage === 'ts' || importerLanguage === 'tsx';
  if (resolved.format === 'json' && type !== 'json' && !typescript) throw missing(resolved.url);
  if (type === 'json' && resolved.format !== 'json') throw incompatible(resolved.url);
}
