import type { ValueKind } from './module-graph.js';

/** One way of writing a module's default export, and what the default then holds. */
export interface DefaultExportForm {
  readonly kind: ValueKind;
  /** Only in TypeScript modules. */
  readonly typescript?: boolean;
  /** The lines for module `i` (which has `export let v<i>` declared before). */
  emit(i: number): string[];
}

/**
 * Every form of `export default`: declarations (hoisted, named or anonymous, with comments
 * where the rewrite inserts a name), expressions (anonymous definitions are named "default",
 * parenthesized ones too, a comma expression not), snapshots of a binding, and `export { x as
 * default }`, which stays live. Some are followed by a statement that ASI must keep apart.
 */
export const DEFAULT_FORMS = {
  none: { kind: 'primitive', emit: () => [] },
  'function-named': {
    kind: 'function',
    emit: (i) => [`export default function dflt${i}() {`, `  return 'default function of m${i}';`, '}'],
  },
  'function-anonymous': {
    kind: 'function',
    emit: (i) => ['export default function () {', `  return ${i};`, '}'],
  },
  'generator-anonymous': {
    kind: 'function',
    emit: (i) => ['export default function* () {', `  yield ${i};`, '}'],
  },
  'async-anonymous': {
    kind: 'function',
    emit: (i) => ['export default async function () {', `  return ${i};`, '}'],
  },
  'async-generator-named': {
    kind: 'function',
    emit: (i) => [`export default async function* dfltGen${i}() {`, `  yield ${i};`, '}'],
  },
  'function-with-comments': {
    kind: 'function',
    emit: (i) => [
      `export default /* a */ async /* b */ function /* c */ * /* d */ () {`,
      `  yield ${i};`,
      '}',
    ],
  },
  'class-named': {
    kind: 'class',
    emit: (i) => [`export default class Dflt${i} {`, `  static id = ${i};`, '}'],
  },
  'class-anonymous': { kind: 'class', emit: (i) => ['export default class {', `  static id = ${i};`, '}'] },
  'class-anonymous-extends': {
    kind: 'class',
    emit: (i) => ['export default class extends Array {', `  static id = ${i};`, '}'],
  },
  'class-then-statement': {
    kind: 'class',
    emit: (i) => [
      'export default class {}',
      '(function () {',
      `  console.log('m${i} after the default class');`,
      '})();',
    ],
  },
  'function-then-statement': {
    kind: 'function',
    emit: (i) => [
      'export default function () {}',
      `[${i}].forEach((n) => console.log('m' + n + ' after the default function'));`,
    ],
  },
  arrow: { kind: 'function', emit: (i) => [`export default () => ${i};`] },
  'async-arrow': { kind: 'function', emit: (i) => [`export default async () => ${i};`] },
  'parenthesized-function': {
    kind: 'function',
    emit: (i) => ['export default (function () {', `  return ${i};`, '});'],
  },
  'parenthesized-class': {
    kind: 'class',
    emit: (i) => ['export default (class {', `  static id = ${i};`, '});'],
  },
  'comma-expression': {
    kind: 'function',
    emit: (i) => ['export default (0, function () {', `  return ${i};`, '});'],
  },
  'named-function-expression': {
    kind: 'function',
    emit: (i) => [`export default (function named${i}() {});`],
  },
  string: { kind: 'primitive', emit: (i) => [`export default 'default of m${i}';`] },
  'expression-continued-on-next-line': {
    kind: 'primitive',
    emit: (i) => [`export default 'm${i}'`, "  + ' continued'", `[0]`],
  },
  object: {
    kind: 'object',
    emit: (i) => ['export default {', `  n: ${i},`, '  get live() {', `    return v${i};`, '  },', '};'],
  },
  identifier: { kind: 'primitive', emit: (i) => [`export default v${i};`] },
  template: { kind: 'primitive', emit: (i) => [`export default \`m${i}:\${v${i}}\`;`] },
  conditional: { kind: 'primitive', emit: (i) => [`export default v${i} > 1000 ? 'big' : 'small';`] },
  'local-as-default': { kind: 'primitive', emit: (i) => [`export { v${i} as default };`] },
  'function-as-default': {
    kind: 'function',
    emit: (i) => [
      `function localDefault${i}() {`,
      `  return 'local default ${i}';`,
      '}',
      `export { localDefault${i} as default };`,
    ],
  },
  'class-as-default': {
    kind: 'class',
    emit: (i) => [`class LocalDefault${i} {}`, `export { LocalDefault${i} as default };`],
  },
  'ts-abstract-class': {
    kind: 'class',
    typescript: true,
    emit: (i) => [
      'export default abstract class {',
      `  static id: number = ${i};`,
      '  abstract run(): void;',
      '}',
    ],
  },
  'ts-typed-arrow': {
    kind: 'function',
    typescript: true,
    emit: (i) => [`export default (n: number = ${i}): number => n;`],
  },
  'ts-satisfies': {
    kind: 'object',
    typescript: true,
    emit: (i) => [`export default { n: ${i} } satisfies { n: number };`],
  },
} satisfies Record<string, DefaultExportForm>;

export type DefaultForm = keyof typeof DEFAULT_FORMS;

/** The forms a module may use (TypeScript-only forms only in TypeScript modules). */
export function defaultFormsFor(typescript: boolean): DefaultForm[] {
  return (Object.keys(DEFAULT_FORMS) as DefaultForm[]).filter(
    (form) => form !== 'none' && (typescript || !(DEFAULT_FORMS[form] as DefaultExportForm).typescript),
  );
}
