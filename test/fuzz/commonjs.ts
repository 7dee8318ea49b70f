import type { CommonJsEdge, CommonJsShape, ExportEntry } from './module-graph.js';
import type { Binding } from './snippet-context.js';

export function commonJsFile(index: number): string {
  return `cjs${index}.cjs`;
}

/**
 * The source of a CommonJS module: named exports in the forms cjs-module-lexer detects
 * (`exports.x =`, `module.exports = { x }`, `module.exports = require()`), a function as
 * `module.exports`, the `__esModule` flag, and what the wrapper gives (sloppy mode, `__filename`).
 */
export function commonJsSource(shape: CommonJsShape): string {
  const k = shape.index;
  const lines = [`console.log('cjs${k} runs');`];
  const other = shape.requires === undefined ? undefined : `./${commonJsFile(shape.requires)}`;
  switch (shape.form) {
    case 'exports-props':
      lines.push(
        `exports.a${k} = ${k};`,
        `exports.f${k} = function () { return typeof this; };`,
        `module.exports.s${k} = 'cjs${k}';`,
        `exports.file${k} = require('node:path').basename(__filename);`,
        `exports.sloppy${k} = (function () { return this !== undefined; })();`,
      );
      if (other) lines.push(`exports.fromOther${k} = Object.keys(require('${other}')).sort();`);
      break;
    case 'object-literal':
      lines.push(`const x${k} = ${k};`, `const y${k} = 'y${k}';`, `module.exports = { x${k}, y${k} };`);
      if (other) lines.push(`module.exports.other${k} = typeof require('${other}');`);
      break;
    case 'function':
      lines.push(
        `module.exports = function cjsFunction${k}() { return 'called cjs${k}'; };`,
        `module.exports.extra${k} = ${k};`,
      );
      break;
    case 'esmodule-flag':
      lines.push(
        "Object.defineProperty(exports, '__esModule', { value: true });",
        `exports.default = 'cjs${k} default property';`,
        `exports.named${k} = ${k};`,
      );
      break;
    case 'reexport':
      lines.push(`module.exports = require('${other}');`);
      break;
  }
  return `${lines.join('\n')}\n`;
}

/** The named exports Node finds in the module (without `default`). */
export function commonJsNames(shape: CommonJsShape, all: readonly CommonJsShape[]): ExportEntry[] {
  const k = shape.index;
  switch (shape.form) {
    case 'exports-props':
      return [
        { name: `a${k}`, kind: 'primitive' },
        { name: `f${k}`, kind: 'function' },
        { name: `s${k}`, kind: 'primitive' },
        { name: `file${k}`, kind: 'primitive' },
        { name: `sloppy${k}`, kind: 'primitive' },
        ...(shape.requires === undefined ? [] : [{ name: `fromOther${k}`, kind: 'object' as const }]),
      ];
    case 'object-literal':
      return [
        { name: `x${k}`, kind: 'primitive' },
        { name: `y${k}`, kind: 'primitive' },
      ];
    case 'function':
      return [{ name: `extra${k}`, kind: 'primitive' }];
    case 'esmodule-flag':
      return [{ name: `named${k}`, kind: 'primitive' }];
    case 'reexport':
      return commonJsNames(all[shape.requires!]!, all);
  }
}

function defaultKind(shape: CommonJsShape, all: readonly CommonJsShape[]): Binding['kind'] {
  if (shape.form === 'function') return 'function';
  if (shape.form === 'reexport') return defaultKind(all[shape.requires!]!, all);
  return 'object';
}

/** The import lines for one CommonJS edge of an ES module, and the bindings they declare. */
export function importCommonJs(
  edge: CommonJsEdge,
  all: readonly CommonJsShape[],
  pickNames: (names: ExportEntry[]) => ExportEntry[],
): { lines: string[]; bindings: Binding[] } {
  const k = edge.to;
  const shape = all[k]!;
  const spec = `./${commonJsFile(k)}`;
  switch (edge.kind) {
    case 'default': {
      const local = `cjs${k}_default`;
      return {
        lines: [`import ${local} from '${spec}';`],
        bindings: [{ local, kind: defaultKind(shape, all), imported: true }],
      };
    }
    case 'named': {
      const names = pickNames(commonJsNames(shape, all));
      // A re-exporting module has the names of the one it requires: the alias names the file too.
      const specifiers = names.map((entry) => `${entry.name} as ${entry.name}_cjs${k}`);
      return {
        lines: [`import { ${specifiers.join(', ')} } from '${spec}';`],
        bindings: names.map((entry) => ({
          local: `${entry.name}_cjs${k}`,
          kind: entry.kind,
          imported: true,
        })),
      };
    }
    case 'namespace': {
      const local = `cjs${k}_ns`;
      return {
        lines: [`import * as ${local} from '${spec}';`],
        bindings: [{ local, kind: 'namespace', imported: true }],
      };
    }
    case 'create-require': {
      // A require() from an ES module: the CommonJS module runs where the call is.
      const require = `require${k}`;
      return {
        lines: [
          `import { createRequire as createRequire${k} } from 'node:module';`,
          `const ${require} = createRequire${k}(import.meta.url);`,
          `const cjs${k}_required = ${require}('${spec}');`,
        ],
        bindings: [{ local: `cjs${k}_required`, kind: defaultKind(shape, all), imported: false }],
      };
    }
  }
}
