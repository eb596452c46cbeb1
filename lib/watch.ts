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

/**
 * Runs now and after every burst of changes to `files()` (asked anew after every run, as the set
 * of a config's imports changes with its edits) or to anything under `folders`. Each file's
 * folder is watched on its own, not recursively, so that writes elsewhere (the rendered output,
 * node_modules) never wake it; a change to a file that is not an input is ignored.
 */
export function watchInputs(files: () => readonly string[], folders: readonly string[], run: Run, debounceMs?: number): { close(): void } {
  let inputs = new Set<string>();
  const watchers = new Map<string, { close(): void }>();
  const isInput = (file: string): boolean => inputs.has(file) || folders.some((folder) => file === folder || file.startsWith(folder + path.sep));
  const refresh = (): void => {
    inputs = new Set(files().map((file) => path.resolve(file)));
    for (const folder of new Set([...inputs].map((file) => path.dirname(file)))) {
      if (watchers.has(folder) || folders.some((watched) => folder === watched || folder.startsWith(watched + path.sep))) continue;
      try {
        watchers.set(folder, watchFolder(folder, (_event, name) => name !== null && onChange(path.join(folder, name))));
      } catch {
        // A folder removed since the last run: the next run's inputs say what is there now.
      }
    }
  };
  const onChange = (file: string): void => {
    if (isInput(file)) debouncer.changed(file);
  };
  refresh();
  const whole = watchFolders(folders, onChange);
  const debouncer = debounceRuns((changed) => run(changed).finally(refresh), debounceMs);
  return {
    close() {
      whole.close();
      for (const watcher of watchers.values()) watcher.close();
      debouncer.close();
    },
  };
}
