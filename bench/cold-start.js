// Cold start: time from spawning a tool to the first HTTP 200 from the app it runs.

import { waitForHttp200 } from './http-probe.js';
import { getFreePort, waitForPortFree } from './ports.js';
import { spawnGroup } from './processes.js';

/** Rendered by the home page; proves the 200 came from the generated app, fully loaded. */
export const HOME_MARKER = '<!--f0-l0-n0 v0-->';

/** @typedef {import('./tools.js').Tool} Tool */
/** @typedef {import('./tools.js').BenchApp} BenchApp */

/**
 * @typedef {{ ok: true, ms: number } | { ok: false, reason: string }} Measurement
 */

/**
 * @typedef {object} ToolResult
 * @property {string} tool
 * @property {number[]} samples milliseconds, one per successful run
 * @property {string} [unavailable] why the tool was not measured at all
 * @property {string} [failed] why measuring stopped early
 * @property {string[]} notes caveats to print next to the numbers
 */

/**
 * Starts the tool once and measures spawn -> first 200, then kills it and waits for its port.
 * @param {Tool} tool
 * @param {BenchApp} app
 * @param {{ timeoutMs?: number, lingerMs?: number }} [options] lingerMs keeps the server up after
 *   the 200 (warm-up runs give a tool time to finish writing caches)
 * @returns {Promise<Measurement>}
 */
export async function measureColdStart(tool, app, options = {}) {
  const { timeoutMs = 60_000, lingerMs = 0 } = options;
  await tool.beforeEach?.(app);
  const port = await getFreePort();
  const launch = tool.launch(app);
  const env = { ...launch.env, PORT: String(port) };

  const start = performance.now();
  const proc = spawnGroup(launch.command, launch.args, { cwd: launch.cwd, env });
  try {
    /** @type {() => void} */
    let wake = () => {};
    // The app prints its port once listening; probe right away instead of waiting out a pause.
    proc.onStdout((text) => {
      if (text.includes('listening on')) wake();
    });
    const result = await waitForHttp200({
      port,
      timeoutMs,
      abort: proc.exited,
      onWakeup: (w) => {
        wake = w;
      },
    });
    if (!result.ok) return { ok: false, reason: failureReason(result.reason, proc) };
    if (!result.body.includes(HOME_MARKER)) {
      return { ok: false, reason: `HTTP 200 without ${HOME_MARKER}: ${result.body.slice(0, 200)}` };
    }
    const ms = result.at - start;
    if (lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
    return { ok: true, ms };
  } finally {
    await proc.kill();
    await waitForPortFree(port);
  }
}

/**
 * Measures every tool `runs` times on one app. Each iteration runs every tool once, starting
 * with a different tool each time, so drifting machine noise spreads over all tools evenly.
 * Each tool gets one untimed warm-up run first; a tool failing it is reported, not measured.
 * @param {readonly Tool[]} tools
 * @param {BenchApp} app
 * @param {number} runs
 * @param {(message: string) => void} log
 * @returns {Promise<ToolResult[]>}
 */
export async function measureInterleaved(tools, app, runs, log) {
  /** @type {Map<Tool, ToolResult>} */
  const results = new Map(tools.map((tool) => [tool, { tool: tool.name, samples: [], notes: [] }]));
  const result = (/** @type {Tool} */ tool) => /** @type {ToolResult} */ (results.get(tool));

  /** @type {Tool[]} */
  let active = [];
  for (const tool of tools) {
    const reason = tool.unavailable?.(app) ?? (await warmUp(tool, app));
    if (reason !== undefined) {
      result(tool).unavailable = reason;
      log(`  ${tool.name}: unavailable: ${indent(reason)}`);
      continue;
    }
    const note = tool.checkWarmup?.(app);
    if (note !== undefined) result(tool).notes.push(note);
    active.push(tool);
  }

  for (let run = 0; run < runs && active.length > 0; run++) {
    const order = rotate(active, run);
    /** @type {string[]} */
    const line = [];
    for (const tool of order) {
      const measurement = await measureColdStart(tool, app);
      if (measurement.ok) {
        result(tool).samples.push(measurement.ms);
        line.push(`${tool.name} ${measurement.ms.toFixed(0)}`);
      } else {
        result(tool).failed = measurement.reason;
        active = active.filter((t) => t !== tool);
        line.push(`${tool.name} FAILED`);
        log(`  ${tool.name} failed: ${indent(measurement.reason)}`);
      }
    }
    log(`  run ${run + 1}/${runs}: ${line.join(', ')} ms`);
  }
  return tools.map(result);
}

/**
 * @param {Tool} tool
 * @param {BenchApp} app
 * @returns {Promise<string | undefined>} the failure reason, if the warm-up failed
 */
async function warmUp(tool, app) {
  const measurement = await measureColdStart(tool, app, { lingerMs: 1000 });
  return measurement.ok ? undefined : measurement.reason;
}

/**
 * One line saying why, then the tool's last output (the one line a table can show includes
 * the last output line, usually the error message).
 * @param {string} reason
 * @param {import('./processes.js').GroupProcess} proc
 */
function failureReason(reason, proc) {
  const { exitCode, signalCode } = proc.child;
  const exit = exitCode !== null ? ` (exit code ${exitCode})` : signalCode !== null ? ` (${signalCode})` : '';
  const output = proc.output().trim();
  const lastLine = output.split('\n').at(-1)?.trim();
  return `${reason}${exit}${lastLine ? `: ${lastLine}` : ''}\n${output}`;
}

/**
 * @template T
 * @param {readonly T[]} items
 * @param {number} by
 * @returns {T[]}
 */
function rotate(items, by) {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** @param {string} text */
function indent(text) {
  return text.replaceAll('\n', '\n    ');
}
