// Edits of app files that are always undone: the first edit of a file remembers its original
// text, and restoreEditedFiles() (also run on exit, Ctrl-C included) writes every original back.
// An edit is one write over the old text, with no truncation first: a file emptied by one system
// call and filled by the next can be read in between by a busy tool, and a watcher that throttles
// its events (Vite's) may then drop the second one, leaving the tool on an empty or old module.

import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';

/** Absolute path -> text before the bench first changed it. */
const originals = new Map();

let exitHookInstalled = false;

/**
 * Reads `file` and prepares the edit that replaces `from` by `to`, so that the caller can start
 * its clock right before the write itself.
 * @param {string} file absolute path
 * @param {string} from text that must occur exactly once
 * @param {string} to
 * @returns {() => void} writes the edited text, synchronously
 */
export function prepareEdit(file, from, to) {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`${file}: expected "${from}" exactly once`);
  }
  if (!originals.has(file)) originals.set(file, text);
  installExitHook();
  const edited = text.slice(0, at) + to + text.slice(at + from.length);
  return () => overwrite(file, edited);
}

/**
 * Writes `text` over the file's contents in place; the file is cut after it only when the old
 * contents were longer (never for a version bump).
 * @param {string} file
 * @param {string} text
 */
function overwrite(file, text) {
  const bytes = Buffer.from(text);
  const fd = openSync(file, 'r+');
  try {
    const before = fstatSync(fd).size;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
    // A truncation is a change event of its own: only when there is something to cut.
    if (before > bytes.length) ftruncateSync(fd, bytes.length);
  } finally {
    closeSync(fd);
  }
}

/** Writes every edited file back as it was; synchronous so it also works in an 'exit' handler. */
export function restoreEditedFiles() {
  for (const [file, text] of originals) {
    try {
      writeFileSync(file, text);
    } catch {
      // The copy was deleted meanwhile: nothing left to restore.
    }
  }
  originals.clear();
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // processes.js turns SIGINT/SIGTERM into process.exit(), so this runs on Ctrl-C too.
  process.on('exit', restoreEditedFiles);
}

/**
 * Saves a file again with the text it has, as a developer does when a save did not show.
 * @param {string} file absolute path
 */
export function saveAgain(file) {
  overwrite(file, readFileSync(file, 'utf8'));
}
