/** The path of the server-sent event stream that tells open pages to reload. */
export const HOT_EVENTS_PATH = '/__hot';

/**
 * The browser side of live reload, inlined into every page. The server sends `hot-update`
 * after each update it applied: the page reloads. When the server module itself re-runs (or
 * the program reloads), the stream drops; the page reconnects, and reloads once the new
 * server answers, since it may have missed the update that way.
 */
export const liveReloadScript = `(() => {
  let seenServer = false;
  const connect = () => {
    const events = new EventSource(${JSON.stringify(HOT_EVENTS_PATH)});
    events.addEventListener('hot-update', (event) => {
      console.info('[hot-node] updated', JSON.parse(event.data).paths);
      location.reload();
    });
    events.addEventListener('full-reload', () => console.info('[hot-node] reloading the server'));
    events.onopen = () => {
      if (seenServer) location.reload();
      seenServer = true;
    };
    events.onerror = () => {
      // EventSource retries by itself, except after an answer that is not a stream.
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  };
  connect();
})();`;
