import type { Transport } from '../transport/transport.js';

/** A transport that never watches the files `ignored` matches (`--ignore`). */
export function withIgnoredFiles(transport: Transport, ignored: (file: string) => boolean): Transport {
  return {
    connect: (handler) => transport.connect(handler),
    send: (payload) => transport.send(payload),
    watch: (files) => transport.watch([...files].filter((file) => !ignored(file))),
    ready: () => transport.ready?.() ?? Promise.resolve(),
    close: () => transport.close(),
  };
}
