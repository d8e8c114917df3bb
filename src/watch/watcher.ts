import { readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';

/** What a build reads, as a watcher sees it. Every path is absolute. */
export interface WatchTargets {
  /** Single files, there or not (creating one counts): organisation files, logos, config files. */
  files: readonly string[];
  /** Folders whose every file counts, at any depth: template libraries and their partials. */
  trees: readonly string[];
  /** Folders whose `*.yaml`/`*.yml` files directly inside count: organisation folders named as inputs. */
  folders: readonly string[];
  /** Folders never looked into: the output folder, so a build's own writes never start a build. */
  ignore: readonly string[];
}

export interface FileChange {
  /** Absolute path. */
  path: string;
  kind: 'added' | 'changed' | 'removed';
}

export interface Watcher {
  /** Settles once the targets are being watched: a change made after it is seen. */
  ready: Promise<void>;
  /** Watch these targets from now on (an edited organisation file may name another logo). */
  update(targets: WatchTargets): void;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Changes are handed over once this long has passed without another (a "save all" is one batch). */
  quietMs?: number;
  /** A batch is handed over at the latest this long after its first change, however busy the disk. */
  maxWaitMs?: number;
  /** The watcher could not watch something (too many files for the system's limit, a permission). */
  onError?: (error: Error) => void;
}

const ORGANISATION_FILE = /\.ya?ml$/i;
/**
 * What a template library holds that a build reads: templates and partials, and the images
 * they show. An editor's swap and backup files (`x.md.swp`, `x.md~`, vim's `4913`) are not.
 */
const LIBRARY_FILE = /\.(md|png|jpe?g)$/i;

/**
 * Watch the targets and call `onChanges` with each batch of changes to them. chokidar is
 * loaded here, so only a command that watches pays for it.
 *
 * chokidar is given folders, never the files themselves: a file it watches directly is lost
 * once it is deleted or replaced (`git checkout`, some editors' saves), and a file that is not
 * there yet cannot be watched at all. Each file is watched through the nearest folder that
 * exists on its way, and `ignored` keeps chokidar out of everything else in those folders.
 */
export function watchFiles(initial: WatchTargets, onChanges: (changes: FileChange[]) => void, options: WatchOptions = {}): Watcher {
  const { watch } = require('chokidar') as typeof import('chokidar');
  const quietMs = options.quietMs ?? 60;
  const maxWaitMs = options.maxWaitMs ?? 400;
  let matcher = new TargetMatcher(initial);
  const requested = matcher.entries();

  const watcher: FSWatcher = watch(outermost(requested), {
    ignoreInitial: true,
    persistent: true,
    ignored: (path: string) => !matcher.isRelevant(resolve(path)),
  });

  let pending = new Map<string, FileChange>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  const flush = () => {
    timer = undefined;
    const changes = [...pending.values()];
    pending = new Map();
    if (changes.length > 0) onChanges(changes);
  };
  // Files that were there before they became targets: chokidar reports them as added when it
  // first looks into their folder, which is no change at all. Forgotten once chokidar has looked.
  let existing = new Map<string, number>();
  let forget: NodeJS.Timeout | undefined;
  const checks = new Set<NodeJS.Timeout>();
  // Once closed, nothing more is reported or watched: chokidar may still emit while it closes,
  // and its add() would start watching again.
  let closed = false;
  const record = (kind: FileChange['kind'], rawPath: string) => {
    if (closed) return;
    const path = resolve(rawPath);
    if (!matcher.counts(path)) return;
    const before = existing.get(path);
    existing.delete(path);
    if (kind === 'added' && before !== undefined && before === modified(path)) return;
    const earlier = pending.get(path);
    // A file removed and written again within a batch (an editor's save) has changed.
    pending.set(path, { path, kind: earlier && earlier.kind !== kind ? 'changed' : kind });
    const now = Date.now();
    if (timer === undefined) firstAt = now;
    else clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(quietMs, firstAt + maxWaitMs - now)));
  };
  watcher.on('add', (path) => record('added', path));
  watcher.on('change', (path) => record('changed', path));
  // A folder removed or put back (a branch switched) comes as its files, one by one.
  watcher.on('unlink', (path) => record('removed', path));
  watcher.on('error', (error) => options.onError?.(error instanceof Error ? error : new Error(String(error))));

  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
  return {
    ready,
    update(targets) {
      if (closed) return;
      const previous = matcher;
      matcher = new TargetMatcher(targets);
      const found = matcher.existingFiles(previous);
      existing = new Map([...existing, ...found]);
      if (forget !== undefined) clearTimeout(forget);
      forget = setTimeout(() => (existing = new Map()), FORGET_AFTER_MS);
      forget.unref();
      // chokidar starts watching a new folder a moment later: a file saved in that moment would
      // go unseen. Its modification time tells: compared once chokidar is surely watching.
      const check = setTimeout(() => {
        checks.delete(check);
        for (const [path, time] of found) {
          if (existing.get(path) !== time) continue; // an event came for it, or a later update took it over
          const now = modified(path);
          if (now !== time) record(now === undefined ? 'removed' : 'changed', path);
        }
      }, CATCH_UP_MS);
      check.unref();
      checks.add(check);
      // chokidar skipped what `ignored` refused, and does not look again by itself: hand it each
      // new entry, even one inside a folder it watches. Nothing is unwatched: what no longer
      // counts is filtered out, and folders come and go rarely enough to leave them.
      const entries = matcher.entries();
      const added = [...entries].filter((entry) => !requested.has(entry));
      for (const entry of added) requested.add(entry);
      if (added.length > 0) watcher.add(added);
    },
    async close() {
      closed = true;
      for (const check of checks) clearTimeout(check);
      if (forget !== undefined) clearTimeout(forget);
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await watcher.close();
    },
  };
}

/** Long enough for chokidar to look into a folder that has just become watched. */
const FORGET_AFTER_MS = 3000;
/** When a folder that has just become watched surely is. */
const CATCH_UP_MS = 500;

function modified(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}

/** Which paths are targets, and which folders lead to one. */
class TargetMatcher {
  private readonly files: Set<string>;
  readonly trees: string[];
  readonly folders: Set<string>;
  private readonly ignore: string[];
  /** Every folder a target is in, up to the file system's root: chokidar must go through them. */
  private readonly ancestors = new Set<string>();

  constructor(targets: WatchTargets) {
    this.files = new Set(targets.files.map((file) => resolve(file)));
    this.trees = targets.trees.map((tree) => resolve(tree));
    this.folders = new Set(targets.folders.map((folder) => resolve(folder)));
    this.ignore = targets.ignore.map((folder) => resolve(folder));
    for (const file of this.files) this.addAncestors(dirname(file));
    for (const folder of [...this.trees, ...this.folders]) this.addAncestors(folder);
  }

  private addAncestors(folder: string): void {
    for (let at = folder; !this.ancestors.has(at); at = dirname(at)) {
      this.ancestors.add(at);
      if (dirname(at) === at) break;
    }
  }

  /** Whether a change to `path` matters. */
  counts(path: string): boolean {
    if (this.files.has(path)) return true;
    if (this.ignored(path)) return false;
    if (this.folders.has(dirname(path)) && ORGANISATION_FILE.test(path)) return true;
    return LIBRARY_FILE.test(path) && this.inTree(path);
  }

  private inTree(path: string): boolean {
    return this.trees.some((tree) => path === tree || (path.startsWith(tree + sep) && !hidden(path.slice(tree.length + 1))));
  }

  /** Whether chokidar should look at `path` at all: a target, a folder on the way to one, or anything in a library. */
  isRelevant(path: string): boolean {
    if (this.files.has(path)) return true;
    if (this.ignored(path)) return false;
    return this.ancestors.has(path) || this.inTree(path) || (this.folders.has(dirname(path)) && ORGANISATION_FILE.test(path));
  }

  private ignored(path: string): boolean {
    return this.ignore.some((folder) => path === folder || path.startsWith(folder + sep));
  }

  /** The files that count now but did not for `previous`, and are there, with their modification times. */
  existingFiles(previous: TargetMatcher): Map<string, number> {
    const found = new Map<string, number>();
    const consider = (path: string) => {
      const time = modified(path);
      if (time !== undefined && this.counts(path) && !previous.counts(path)) found.set(path, time);
    };
    for (const file of this.files) consider(file);
    const walk = (folder: string, deep: boolean) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory() && deep && this.isRelevant(path)) walk(path, deep);
        else if (entry.isFile()) consider(path);
      }
    };
    for (const tree of this.trees) if (!previous.trees.includes(tree)) walk(tree, true);
    for (const folder of this.folders) if (!previous.folders.has(folder)) walk(folder, false);
    return found;
  }

  /** The folders to hand chokidar: for each target, the nearest folder on its way that exists. */
  entries(): Set<string> {
    const entries = new Set<string>();
    for (const file of this.files) entries.add(nearestFolder(dirname(file)));
    for (const folder of [...this.trees, ...this.folders]) entries.add(nearestFolder(folder));
    return entries;
  }
}

/** The folders not inside another of them: each of the rest is watched through its outer one. */
function outermost(folders: Set<string>): string[] {
  return [...folders].filter((folder) => ![...folders].some((other) => other !== folder && folder.startsWith(other + sep)));
}

/** `.git`, a `.policygen.json` manifest, installed packages (a library kept at a project's root): never a template. */
function hidden(relativePath: string): boolean {
  return relativePath.split(sep).some((part) => part.startsWith('.') || part === 'node_modules');
}

function nearestFolder(path: string): string {
  for (let at = path; ; at = dirname(at)) {
    if (statSync(at, { throwIfNoEntry: false })?.isDirectory() || dirname(at) === at) return at;
  }
}
