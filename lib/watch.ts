// Watch mode: run once, then again after every burst of changes under some folders. Runs never
// overlap (two renders would write the same files): changes made during a run lead to one more
// run after it ends. fs.watch is recursive on Linux from Node 19.1 (as on macOS and Windows
// before), so Node 20 and later need one watcher per folder and no walking of subfolders.

import { watch as watchFolder } from "node:fs";
import * as path from "node:path";

/** setTimeout and clearTimeout, replaceable so tests control time. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Receives a run's changed paths; `[]` for the first run. Reports its own failures. */
export type Run = (changed: readonly string[]) => Promise<void>;

export interface Debouncer {
  /** Records a changed path; the next run starts `debounceMs` after the last change. */
  changed(file: string): void;
  /** No run starts any more; one in progress finishes. */
  close(): void;
}

/** Starts `run([])` now, then `run(paths)` once changes have been quiet for `debounceMs`. */
export function debounceRuns(run: Run, debounceMs = 100, timers: Timers = realTimers): Debouncer {
  let pending = new Set<string>();
  let timer: unknown;
  let running = false;
  let closed = false;
  /** Re-arms the timer; once closed, only disarms it. */
  const schedule = (): void => {
    if (timer !== undefined) timers.clear(timer);
    timer = closed ? undefined : timers.set(start, debounceMs);
  };
  function start(): void {
    timer = undefined;
    // A run in progress schedules the next one when it ends.
    if (running || closed) return;
    const changed = [...pending];
    pending = new Set();
    running = true;
    void run(changed).finally(() => {
      running = false;
      if (pending.size > 0) schedule();
    });
  }
  start();
  return {
    changed(file) {
      pending.add(file);
      schedule();
    },
    close() {
      closed = true;
      schedule();
    },
  };
}

/** Calls `onChange` with the path of every file created, changed or removed under `folders`. */
export function watchFolders(folders: readonly string[], onChange: (file: string) => void): { close(): void } {
  const watchers = folders.map((folder) =>
    watchFolder(folder, { recursive: true }, (_event, name) => onChange(name === null ? folder : path.join(folder, name))),
  );
  return { close: () => watchers.forEach((watcher) => watcher.close()) };
}

/** Runs now and after every burst of changes under `folders`, until closed. */
export function watchAndRun(folders: readonly string[], run: Run, debounceMs?: number): { close(): void } {
  // Watching starts before the first run, so that no change made during it is missed; events
  // arrive asynchronously, after `debouncer` exists.
  const watcher = watchFolders(folders, (file) => debouncer.changed(file));
  const debouncer = debounceRuns(run, debounceMs);
  return {
    close() {
      watcher.close();
      debouncer.close();
    },
  };
}
