// `import.meta.hot` types. A project that installs hot-node writes `"types": ["hot-node/client"]`
// in tsconfig.json; this example lives inside the hot-node repository, where that package name
// does not resolve (it is not in its own node_modules), so it points at the file itself.
/// <reference path="../../../types/client.d.ts" />
