import { performance } from 'node:perf_hooks';
import { sleep } from '../support/waiting.js';
import { type HotLogEvent, parseHotLogLine } from './hot-log.js';
import type { HotNodeProcess, Line } from './hot-node-process.js';
import { MarkTimeline } from './mark-timeline.js';
import { type MarkedExample, withSelfAccept, withSyntaxError } from './marked-example.js';
import { type Marks, NO_MARKS, PIECE_FILES, type Piece, withMark } from './marks.js';
import { expectedReport, type StormStep } from './storm-plan.js';

/** How long a step may take to be reported (a loaded machine, a restart). */
const STEP_TIMEOUT_MS = 30_000;
/** The CLI does not say when a new process watches its files: a warm-up save is made again after this long. */
const RESAVE_AFTER_MS = 1_500;
/** After a warm-up: its repeated saves, if any, have been reported. */
const WARM_UP_SETTLE_MS = 300;
const WARM_UP_FILE = 'src/routes/about.tsx';

/** One step as it went: saved at, reported done at (`performance.now()`), and the version it made. */
export interface StepRecord {
  readonly step: StormStep;
  readonly savedAt: number;
  readonly reportedAt: number;
  readonly version: number | undefined;
}

/** The restart step in detail. */
export interface RestartRecord {
  readonly savedAt: number;
  /** hot-node said `restart: ...`. */
  readonly reportedAt: number;
  /** The new process listens. */
  readonly listeningAt: number;
  /** The old process closed its server (its dispose handlers ran): it serves no more. */
  readonly retiredAt: number;
}

export interface StormResult {
  readonly timeline: MarkTimeline;
  readonly steps: readonly StepRecord[];
  readonly restarts: readonly RestartRecord[];
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * Applies `steps` to the running app one by one: each is saved after `gapMs`, and the next
 * waits until hot-node reported it done (the timeline records when, with the versions the
 * app runs from then on).
 */
export class Storm {
  readonly #app: MarkedExample;
  readonly #hotNode: HotNodeProcess;
  readonly #timeline = new MarkTimeline();
  /** The last source of each piece that compiles. */
  readonly #sources: Record<Piece, string>;
  #marks: Marks = NO_MARKS;
  #version = 0;
  #warmUps = 0;
  /** stderr lines before this one are read. */
  #read = 0;

  constructor(app: MarkedExample, hotNode: HotNodeProcess) {
    this.#app = app;
    this.#hotNode = hotNode;
    this.#sources = {
      home: app.read(PIECE_FILES.home),
      layout: app.read(PIECE_FILES.layout),
      router: app.read(PIECE_FILES.router),
      server: app.read(PIECE_FILES.server),
    };
  }

  /**
   * Edits a file that carries no mark until an update of it is reported: from then on the
   * process watches its files. The reports of its saves are skipped.
   */
  async warmUp(): Promise<void> {
    const source = this.#app.read(WARM_UP_FILE);
    const from = this.#hotNode.lines('stderr').length;
    let saves = 0;
    const save = (): void =>
      this.#app.save(WARM_UP_FILE, `${source}\n// warm-up ${this.#warmUps} ${saves++}\n`);
    save();
    const resaves = setInterval(save, RESAVE_AFTER_MS);
    try {
      await this.#hotNode.waitForLine(
        'stderr',
        from,
        (text) => parseHotLogLine(text)?.subject === WARM_UP_FILE,
        STEP_TIMEOUT_MS,
      );
    } finally {
      clearInterval(resaves);
    }
    this.#warmUps++;
    await sleep(WARM_UP_SETTLE_MS);
    this.#read = this.#hotNode.lines('stderr').length;
  }

  /** Runs `steps`, `gapMs` apart. */
  async run(steps: readonly StormStep[], gapMs: number): Promise<StormResult> {
    const records: StepRecord[] = [];
    const restarts: RestartRecord[] = [];
    const startedAt = performance.now();
    for (const step of steps) {
      await sleep(gapMs);
      const stdoutFrom = this.#hotNode.lines('stdout').length;
      const savedAt = performance.now();
      const next = this.#apply(step);
      const reported = await this.#nextReport(step);
      this.#marks = next.marks;
      this.#timeline.done(reported.at, this.#marks);
      records.push({ step, savedAt, reportedAt: reported.at, version: next.version });
      if (step.kind === 'restart') {
        restarts.push(await this.#restarted(savedAt, reported.at, stdoutFrom));
        await this.warmUp();
      }
    }
    return { timeline: this.#timeline, steps: records, restarts, startedAt, endedAt: performance.now() };
  }

  /** Makes the change of `step`; says which versions the app runs once it is done. */
  #apply(step: StormStep): { marks: Marks; version: number | undefined } {
    switch (step.kind) {
      case 'edit':
      case 'fix':
        return this.#newVersion(step.piece, (source) => source);
      case 'full-reload':
        return this.#newVersion('server', (source) => withSelfAccept(source, false));
      case 'accept-again':
        return this.#newVersion('server', (source) => withSelfAccept(source, true));
      case 'syntax-error':
        this.#app.save(PIECE_FILES[step.piece], withSyntaxError(this.#sources[step.piece]));
        return { marks: this.#marks, version: undefined };
      case 'restart': {
        const manifest = JSON.parse(this.#app.read('package.json')) as Record<string, unknown>;
        this.#app.save(
          'package.json',
          `${JSON.stringify({ ...manifest, restarts: this.#version }, null, 2)}\n`,
        );
        return { marks: this.#marks, version: undefined };
      }
    }
  }

  #newVersion(piece: Piece, change: (source: string) => string): { marks: Marks; version: number } {
    const version = ++this.#version;
    const source = change(withMark(this.#sources[piece], piece, version));
    this.#sources[piece] = source;
    this.#app.save(PIECE_FILES[piece], source);
    return { marks: { ...this.#marks, [piece]: version }, version };
  }

  /** The next report on stderr, which must be the one `step` makes. */
  async #nextReport(step: StormStep): Promise<Line> {
    const stderr = this.#hotNode.lines('stderr');
    let index: number;
    try {
      index = await this.#hotNode.waitForLine(
        'stderr',
        this.#read,
        (text) => parseHotLogLine(text) !== undefined,
        STEP_TIMEOUT_MS,
      );
    } catch (error) {
      throw new Error(`${describe(step)}: ${(error as Error).message}\n${tail(stderr)}`);
    }
    this.#read = index + 1;
    const line = stderr[index]!;
    const event = parseHotLogLine(line.text)!;
    if (!reportsStep(event, step)) {
      throw new Error(`${describe(step)} was reported as: ${line.text}\n${tail(stderr)}`);
    }
    return line;
  }

  /** The new process listens, and the old one closed its server. */
  async #restarted(savedAt: number, reportedAt: number, stdoutFrom: number): Promise<RestartRecord> {
    const stdout = this.#hotNode.lines('stdout');
    const listening = await this.#hotNode.waitForLine(
      'stdout',
      stdoutFrom,
      (text) => text.startsWith('listening on '),
      STEP_TIMEOUT_MS,
    );
    const closed = await this.#hotNode.waitForLine(
      'stdout',
      listening + 1,
      (text) => text.startsWith('closed '),
      STEP_TIMEOUT_MS,
    );
    return { savedAt, reportedAt, listeningAt: stdout[listening]!.at, retiredAt: stdout[closed]!.at };
  }
}

function reportsStep(event: HotLogEvent, step: StormStep): boolean {
  if (event.kind !== expectedReport(step)) return false;
  switch (step.kind) {
    case 'restart':
      return event.subject === 'package.json changed';
    case 'full-reload':
    case 'accept-again':
      return event.subject === PIECE_FILES.server;
    default:
      return event.subject === PIECE_FILES[step.piece];
  }
}

function describe(step: StormStep): string {
  return 'piece' in step ? `${step.kind} of ${step.piece}` : step.kind;
}

function tail(lines: readonly Line[]): string {
  return `--- stderr (end)\n${lines
    .slice(-30)
    .map((line) => line.text)
    .join('\n')}`;
}
