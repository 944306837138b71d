/**
 * Node only: replaces several files in one directory so that none is ever half-written and, when
 * anything fails, the previous files are left as they were.
 *
 * 1. every new file is written to a temp file beside its target (`<name>.tmp-<pid>-<random>`) and
 *    flushed to disk; a failure removes the temps and changes nothing else;
 * 2. each existing target is hard-linked (or, where links fail, copied) to a backup;
 * 3. the temps are renamed over the targets (an atomic step each); if one rename fails, the targets
 *    already replaced are restored from their backups (or removed, if they did not exist before);
 * 4. the backups are removed.
 * Only a crash between renames can leave a mix of old and new files; each file is still whole.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CheckpointError } from './checkpoint-error';

/** One file to write: its name inside the directory and its content. */
export interface FileToWrite {
  name: string;
  data: Uint8Array | string;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EISDIR') return 'is a directory';
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  return e.message;
}

async function removeQuietly(file: string): Promise<void> {
  await rm(file, { force: true }).catch(() => undefined);
}

/**
 * Writes `files` into the existing directory `dir` as described above.
 * @throws CheckpointError naming the file that could not be written or replaced (the directory is as before).
 */
export async function writeFilesAtomically(dir: string, files: readonly FileToWrite[]): Promise<void> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const jobs = files.map((f) => ({ ...f, target: path.join(dir, f.name), temp: path.join(dir, `${f.name}.tmp-${tag}`), backup: path.join(dir, `${f.name}.bak-${tag}`), hadBackup: false }));
  const cleanup = async (which: 'temp' | 'backup') => Promise.all(jobs.map((j) => removeQuietly(j[which])));

  // 1. temps
  for (const j of jobs) {
    try {
      const fh = await open(j.temp, 'wx');
      try {
        await fh.writeFile(j.data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      await cleanup('temp');
      throw new CheckpointError(j.target, `cannot write (${describe(err)}); nothing was changed`, { cause: err });
    }
  }
  // 2. backups of the files that exist
  for (const j of jobs) {
    try {
      await link(j.target, j.backup);
      j.hadBackup = true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // nothing to back up
      try {
        await copyFile(j.target, j.backup);
        j.hadBackup = true;
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === 'ENOENT') continue;
        await cleanup('temp');
        await cleanup('backup');
        throw new CheckpointError(j.target, `cannot replace (${describe(err2)}); nothing was changed`, { cause: err2 });
      }
    }
  }
  // 3. renames, rolled back on failure
  for (let k = 0; k < jobs.length; k++) {
    try {
      await rename(jobs[k].temp, jobs[k].target);
    } catch (err) {
      const failed: string[] = [];
      for (let i = 0; i < k; i++) {
        const j = jobs[i];
        try {
          if (j.hadBackup) await rename(j.backup, j.target);
          else await rm(j.target, { force: true });
        } catch {
          failed.push(j.target);
        }
      }
      await cleanup('temp');
      if (failed.length === 0) await cleanup('backup');
      const state = failed.length ? `; could not restore ${failed.join(', ')} (the previous versions are kept as *.bak-${tag})` : '; nothing was changed';
      throw new CheckpointError(jobs[k].target, `cannot replace (${describe(err)})${state}`, { cause: err });
    }
  }
  // 4.
  await cleanup('backup');
}
