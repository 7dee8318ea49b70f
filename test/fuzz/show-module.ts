/**
 * The helper module every generated module imports (`show.js`). It prints what a read gives,
 * or the class of what it threw: messages are left out on purpose, since V8 writes the source
 * text of a call site into many of them ("x is not a function"), and hot-node's rewritten
 * source would show there (see the README's limits).
 */
export const SHOW_MODULE = `export function show(label, read) {
  let text;
  try {
    text = describe(read());
  } catch (error) {
    text = 'threw ' + className(error);
  }
  console.log(label + ': ' + text);
}

export function describe(value) {
  if (typeof value === 'function') return 'function ' + value.name;
  if (typeof value === 'symbol' || typeof value === 'bigint') return typeof value;
  if (Object.prototype.toString.call(value) === '[object Module]') {
    return 'namespace {' + Object.keys(value).join(', ') + '}';
  }
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

function className(error) {
  return error !== null && typeof error === 'object' ? error.constructor.name : typeof error;
}
`;
