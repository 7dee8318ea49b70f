import { createInterface } from 'node:readline';

/** What can be typed on stdin (then Enter). */
export type StdinCommand = 'rs';

/**
 * Reads commands from stdin: when asked (`--stdin-commands`), or by default when stdin is a
 * terminal. A piped stdin belongs to the program; hot-node then never reads it. Lines that
 * are not commands are dropped (the program should not read a terminal stdin of its own
 * while commands are on: pass `--no-stdin-commands`). Reading does not keep the process alive.
 */
export function listenForStdinCommands(
  enabled: boolean | undefined,
  onCommand: (command: StdinCommand) => void,
): void {
  if (!(enabled ?? process.stdin.isTTY === true)) return;
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => {
    if (line.trim() === 'rs') onCommand('rs');
  });
  (process.stdin as { unref?: () => void }).unref?.();
}
