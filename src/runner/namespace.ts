/**
 * Module namespace objects that behave like native ones: null prototype, `Module` tag,
 * sorted keys, not extensible, and each export a writable, non-configurable data property
 * whose value is read live from the module's bindings.
 *
 * A Proxy is the only way to have data properties whose values change: the target holds
 * the frozen shape (so the Proxy invariants hold), the handler answers with live values and
 * writes them through to the target, so that `util.inspect` (which looks at the target of
 * a Proxy) shows the values last read or refreshed.
 */
export function createNamespace(bindings: object, names: readonly string[]): object {
  const sorted = [...names].sort(compareCodeUnits);
  const target: Record<string | symbol, unknown> = Object.create(null);
  for (const name of sorted) {
    Object.defineProperty(target, name, {
      value: undefined,
      writable: true,
      enumerable: true,
      configurable: false,
    });
  }
  Object.defineProperty(target, Symbol.toStringTag, { value: 'Module' });
  Object.preventExtensions(target);
  const exported = new Set(sorted);
  const read = (name: string): unknown => {
    const value = (bindings as Record<string, unknown>)[name];
    target[name] = value;
    return value;
  };

  const handler: ProxyHandler<Record<string | symbol, unknown>> = {
    get(t, key) {
      if (typeof key === 'string') return exported.has(key) ? read(key) : undefined;
      return t[key];
    },
    getOwnPropertyDescriptor(t, key) {
      if (typeof key === 'string') {
        if (!exported.has(key)) return undefined;
        return { value: read(key), writable: true, enumerable: true, configurable: false };
      }
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    has: (t, key) => (typeof key === 'string' ? exported.has(key) : key in t),
    ownKeys: (t) => Reflect.ownKeys(t),
    // Module code is strict: these fail with the TypeErrors V8 gives for a namespace.
    set(_t, key) {
      const name = String(key);
      if (exported.has(name)) {
        throw new TypeError(`Cannot assign to read only property '${name}' of object '[object Module]'`);
      }
      throw new TypeError(`Cannot add property ${name}, object is not extensible`);
    },
    deleteProperty(t, key) {
      const exists = typeof key === 'string' ? exported.has(key) : key in t;
      if (exists) throw new TypeError(`Cannot delete property '${String(key)}' of [object Module]`);
      return true;
    },
    defineProperty(t, key, descriptor) {
      // Redefining with the same attributes and value succeeds natively; anything else fails.
      const current = handler.getOwnPropertyDescriptor?.(t, key);
      return (
        current !== undefined &&
        (!('value' in descriptor) || Object.is(descriptor.value, current.value)) &&
        !('get' in descriptor) &&
        !('set' in descriptor) &&
        (descriptor.writable === undefined || descriptor.writable === current.writable) &&
        (descriptor.enumerable === undefined || descriptor.enumerable === current.enumerable) &&
        (descriptor.configurable === undefined || descriptor.configurable === current.configurable)
      );
    },
    getPrototypeOf: () => null,
    setPrototypeOf: (_t, proto) => proto === null,
    isExtensible: () => false,
    preventExtensions: () => true,
  };
  const namespace = new Proxy(target, handler);
  refreshers.set(namespace, () => {
    for (const name of sorted) {
      try {
        read(name);
      } catch {
        // Still in its temporal dead zone.
      }
    }
  });
  return namespace;
}

const refreshers = new WeakMap<object, () => void>();

/** Copies the current values into a namespace's target, for `util.inspect` after evaluation. */
export function refreshNamespace(namespace: object | undefined): void {
  if (namespace) refreshers.get(namespace)?.();
}

/** Namespace keys are sorted by UTF-16 code units, as Array.prototype.sort does by default. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
