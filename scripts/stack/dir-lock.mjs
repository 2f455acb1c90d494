// One process per PGlite data folder. PGlite does not guard its files the way a
// postmaster does, and two `npm start`s on different ports would both open .data/pglite
// and corrupt it. A lock file with the owner's pid; a dead owner's lock is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders this process holds: a second open from the same process is just as harmful. */
const held = new Set();

/**
 * Takes the lock on `dir` or throws naming the process that holds it.
 * @param {string} dir an existing folder
 * @returns {() => void} releases the lock (also released when this process exits)
 */
export function lockDirectory(dir) {
  const file = join(dir, '.tuneloop-lock');
  const key = resolve(dir);
  if (held.has(key)) throw new Error(`${dir} is already open in this process`);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `${dir} is in use by process ${owner} (another npm start?); stop it or use another folder`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  held.add(key);
  const release = () => {
    process.off('exit', release);
    held.delete(key);
    try {
      if (Number(readFileSync(file, 'utf8')) === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

function isAlive(/** @type {number} */ pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}
