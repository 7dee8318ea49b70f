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

/**
 * Node's rules for import attributes: a JSON module needs `with { type: 'json' }`, and
 * `type` must match what the module is. TypeScript files may import JSON without the
 * attribute, as TypeScript itself allows.
 *
 * @throws TypeError with Node's code (ERR_IMPORT_ATTRIBUTE_MISSING, ..._TYPE_INCOMPATIBLE, ..._UNSUPPORTED).
 */
export function checkImportAttributes(
  request: { readonly specifier: string; readonly attributes: Readonly<Record<string, string>> },
  resolved: ResolvedModule,
  importerLanguage: SourceLanguage,
): void {
  const type = request.attributes.type;
  for (const [key, value] of Object.entries(request.attributes)) {
    if (key !== 'type') {
      throw nodeError(
        'ERR_IMPORT_ATTRIBUTE_UNSUPPORTED',
        `Import attribute "${key}" with value "${value}" is not supported`,
      );
    }
  }
  if (type !== undefined && type !== 'json') {
    throw nodeError(
      'ERR_IMPORT_ATTRIBUTE_UNSUPPORTED',
      `Import attribute "type" with value "${type}" is not supported`,
    );
  }
  const typescript = importerLanguage === 'ts' || importerLanguage === 'tsx';
  if (resolved.format === 'json' && type !== 'json' && !typescript) {
    throw nodeError(
      'ERR_IMPORT_ATTRIBUTE_MISSING',
      `Module "${resolved.url}" needs an import attribute of "type: json"`,
    );
  }
  if (type === 'json' && resolved.format !== 'json') {
    throw nodeError(
      'ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE',
      `Module "${resolved.url}" is not of type "json"`,
    );
  }
}
