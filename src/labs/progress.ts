// A learner's progress through the labs, kept in the browser's localStorage (like Learn Git Branching's
// level progress): which labs were started and completed, and when. Pure TypeScript: the only DOM it
// touches is `globalThis.localStorage` (absent during the static build, possibly throwing in a
// locked-down browser), always behind a guard, so pages render on the server and still work in a
// browser whose storage is blocked (progress then lives for the page's lifetime only).
//
// The store is versioned. A store this code cannot read (corrupted JSON, a shape from an older or newer
// version) never breaks a page: it is recovered where possible or reset, the unreadable text is kept
// under BACKUP_KEY, and a notice explains what happened until the learner dismisses it.

export const PROGRESS_KEY = 'gateway-lab:progress:v1';
/** Where an unreadable store is copied before it is replaced, so nothing is lost for good. */
export const BACKUP_KEY = 'gateway-lab:progress:backup';
/** A pending notice about a recovery, shown by the UI until dismissed. */
export const NOTICE_KEY = 'gateway-lab:progress:notice';
/** The key an unversioned store would have used; read once and migrated. */
export const LEGACY_KEY = 'gateway-lab:progress';
/** `format` of an exported progress file. */
export const EXPORT_FORMAT = 'gateway-lab-progress';
export const PROGRESS_VERSION = 1;

export type LabStatus = 'not-started' | 'in-progress' | 'complete';

export interface LabRecord {
  status: 'in-progress' | 'complete';
  /** ISO 8601 time the learner first worked on the lab. */
  startedAt?: string;
  /** ISO 8601 time the lab was first completed. */
  completedAt?: string;
}

export interface ProgressData {
  version: typeof PROGRESS_VERSION;
  labs: Record<string, LabRecord>;
}

export type ProgressNoticeKind = 'corrupted' | 'repaired' | 'migrated' | 'unknown-version' | 'unavailable';

export interface ProgressNotice {
  kind: ProgressNoticeKind;
  /** English text; the UI shows the translation under `progress.notice.<kind>`. */
  message: string;
  /** Where the unreadable text was kept, if it was. */
  backupKey?: string;
}

export interface ImportOutcome {
  ok: boolean;
  /** English text; the UI shows the translation under `messageKey` with `count`. */
  message: string;
  messageKey: 'progress.import.ok' | 'progress.import.invalidJson' | 'progress.import.notProgress';
  /** Labs in the imported file (0 when it was rejected). */
  count: number;
}

const NOTICE_TEXT: Record<ProgressNoticeKind, string> = {
  corrupted:
    'Your saved lab progress could not be read, so it was reset. The unreadable data was kept in a backup.',
  repaired: 'Some entries of your saved lab progress were unreadable and were dropped; the rest was kept.',
  migrated: 'Your lab progress was saved by an older version of Gateway Lab and has been converted.',
  'unknown-version':
    'Your lab progress was saved by a newer version of Gateway Lab and cannot be read here, so it was reset. The saved data was kept in a backup.',
  unavailable: 'This browser does not let the site store data, so your lab progress will not be kept.',
};

// --- storage -----------------------------------------------------------------------------------------

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** In-memory fallback when localStorage is missing (SSR) or refuses access. */
const memory = new Map<string, string>();
const memoryStorage: Storage = {
  getItem: (k) => memory.get(k) ?? null,
  setItem: (k, v) => void memory.set(k, v),
  removeItem: (k) => void memory.delete(k),
};

let storageUnavailable = false;
/** Storages that refused a read or a write: this page keeps its progress in memory from then on. */
const degraded = new WeakSet<object>();

function storage(): Storage {
  let s: Storage | undefined;
  try {
    s = (globalThis as { localStorage?: Storage }).localStorage;
  } catch {
    // Some browsers throw a SecurityError on the property access itself when storage is blocked.
  }
  if (s && !degraded.has(s)) {
    storageUnavailable = false;
    return s;
  }
  // No storage during the static build is normal; in a browser it means the learner's data won't last.
  storageUnavailable = !!s || typeof window !== 'undefined';
  return memoryStorage;
}

function write(s: Storage, key: string, value: string): void {
  try {
    s.setItem(key, value);
  } catch {
    // QuotaExceededError, or storage blocked after the page loaded.
    degraded.add(s);
    storageUnavailable = true;
    memoryStorage.setItem(key, value);
  }
}

function read(s: Storage, key: string): string | null {
  try {
    return s.getItem(key);
  } catch {
    degraded.add(s);
    storageUnavailable = true;
    return memoryStorage.getItem(key);
  }
}

// --- validation and migration ------------------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const LAB_ID = /^[a-z0-9][a-z0-9-]*$/;

/** One lab's record, or null when it cannot be read. */
function cleanRecord(v: unknown): LabRecord | null {
  if (!isObj(v) || (v.status !== 'in-progress' && v.status !== 'complete')) return null;
  const r: LabRecord = { status: v.status };
  if (isTime(v.startedAt)) r.startedAt = v.startedAt;
  if (isTime(v.completedAt)) r.completedAt = v.completedAt;
  return r;
}

/** The labs of a version-1 shape, with a count of entries that had to be dropped. */
function cleanLabs(v: unknown): { labs: Record<string, LabRecord>; dropped: number } | null {
  if (!isObj(v)) return null;
  const labs: Record<string, LabRecord> = {};
  let dropped = 0;
  for (const [id, rec] of Object.entries(v)) {
    const r = LAB_ID.test(id) ? cleanRecord(rec) : null;
    if (r) labs[id] = r;
    else dropped++;
  }
  return { labs, dropped };
}

/**
 * Version 0, the unversioned shapes an early build could have written: a list of completed lab ids, or
 * `{completed: [ids]}`, or `{labs: {id: true | "<completed-at>"}}`. Completion times are kept where
 * they exist.
 */
function migrateV0(v: unknown): Record<string, LabRecord> | null {
  const ids = Array.isArray(v) ? v : isObj(v) && Array.isArray(v.completed) ? v.completed : null;
  if (ids) {
    if (!ids.every((x) => typeof x === 'string')) return null;
    return Object.fromEntries(
      (ids as string[]).filter((id) => LAB_ID.test(id)).map((id) => [id, { status: 'complete' as const }]),
    );
  }
  if (isObj(v) && v.version === undefined && isObj(v.labs)) {
    const labs: Record<string, LabRecord> = {};
    for (const [id, x] of Object.entries(v.labs)) {
      if (!LAB_ID.test(id)) continue;
      if (x === true) labs[id] = { status: 'complete' };
      else if (isTime(x)) labs[id] = { status: 'complete', completedAt: x };
      else {
        const r = cleanRecord(x);
        if (r) labs[id] = r;
      }
    }
    return labs;
  }
  return null;
}

type Parsed =
  | { kind: 'ok'; labs: Record<string, LabRecord>; dropped: number }
  | { kind: 'migrated'; labs: Record<string, LabRecord> }
  | { kind: 'newer' }
  | { kind: 'unreadable' };

function parseStore(text: string): Parsed {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { kind: 'unreadable' };
  }
  if (isObj(v) && typeof v.version === 'number') {
    if (v.version > PROGRESS_VERSION) return { kind: 'newer' };
    if (v.version === PROGRESS_VERSION) {
      const c = cleanLabs(v.labs);
      return c ? { kind: 'ok', ...c } : { kind: 'unreadable' };
    }
  }
  const m = migrateV0(v);
  return m ? { kind: 'migrated', labs: m } : { kind: 'unreadable' };
}

// --- load and save -----------------------------------------------------------------------------------

const empty = (): ProgressData => ({ version: PROGRESS_VERSION, labs: {} });

function save(s: Storage, data: ProgressData): void {
  write(s, PROGRESS_KEY, JSON.stringify(data));
}

function setNotice(s: Storage, kind: ProgressNoticeKind, backupKey?: string): void {
  const n: ProgressNotice = { kind, message: NOTICE_TEXT[kind], ...(backupKey ? { backupKey } : {}) };
  write(s, NOTICE_KEY, JSON.stringify(n));
}

function pendingNotice(s: Storage): ProgressNotice | null {
  const raw = read(s, NOTICE_KEY);
  if (raw) {
    try {
      const n = JSON.parse(raw) as ProgressNotice;
      if (isObj(n) && typeof n.kind === 'string' && n.kind in NOTICE_TEXT)
        return { ...n, message: NOTICE_TEXT[n.kind] };
    } catch {
      // An unreadable notice is no notice.
    }
  }
  return storageUnavailable ? { kind: 'unavailable', message: NOTICE_TEXT.unavailable } : null;
}

/**
 * The stored progress, recovering a store it cannot read: corrupted JSON or a newer version is backed up
 * and reset, an older shape is migrated, unreadable entries are dropped. Any such recovery leaves a
 * notice (also returned by later calls) until `dismissProgressNotice()`.
 */
export function loadProgress(): { progress: ProgressData; notice: ProgressNotice | null } {
  const s = storage();
  let raw = read(s, PROGRESS_KEY);
  let fromLegacy = false;
  if (raw === null) {
    raw = read(s, LEGACY_KEY);
    fromLegacy = raw !== null;
  }
  if (raw === null) return { progress: empty(), notice: pendingNotice(s) };
  const p = parseStore(raw);
  let progress: ProgressData;
  if (p.kind === 'ok') {
    progress = { version: PROGRESS_VERSION, labs: p.labs };
    if (p.dropped) {
      write(s, BACKUP_KEY, raw);
      save(s, progress);
      setNotice(s, 'repaired', BACKUP_KEY);
    } else if (fromLegacy) {
      save(s, progress);
    }
  } else if (p.kind === 'migrated') {
    progress = { version: PROGRESS_VERSION, labs: p.labs };
    save(s, progress);
    setNotice(s, 'migrated');
  } else {
    progress = empty();
    write(s, BACKUP_KEY, raw);
    save(s, progress);
    setNotice(s, p.kind === 'newer' ? 'unknown-version' : 'corrupted', BACKUP_KEY);
  }
  if (fromLegacy) {
    try {
      s.removeItem(LEGACY_KEY);
    } catch {
      // Leaving the old key behind is harmless: the versioned key now wins.
    }
  }
  return { progress, notice: pendingNotice(s) };
}

/** Forget the pending recovery notice (the learner has read it). The backup stays. */
export function dismissProgressNotice(): void {
  const s = storage();
  try {
    s.removeItem(NOTICE_KEY);
  } catch {
    // Nothing to do: the notice will show again next time.
  }
  emit();
}

// --- change notification -----------------------------------------------------------------------------

type Listener = (progress: ProgressData) => void;
const listeners = new Set<Listener>();
let storageListening = false;

function emit(): void {
  if (!listeners.size) return;
  const { progress } = loadProgress();
  for (const cb of [...listeners]) {
    try {
      cb(progress);
    } catch (e) {
      // One broken subscriber must not stop the others from updating.
      console.error(e);
    }
  }
}

function onStorageEvent(e: { key: string | null }): void {
  if (e.key === null || e.key === PROGRESS_KEY || e.key === NOTICE_KEY) emit();
}

/**
 * Call `cb` with the new progress whenever it changes, in this page or (through the `storage` event)
 * in another tab. Returns the function that unsubscribes.
 */
export function onProgressChange(cb: Listener): () => void {
  listeners.add(cb);
  const w = globalThis as { addEventListener?: (t: string, f: (e: StorageEvent) => void) => void };
  if (!storageListening && typeof w.addEventListener === 'function' && typeof window !== 'undefined') {
    w.addEventListener('storage', onStorageEvent);
    storageListening = true;
  }
  return () => {
    listeners.delete(cb);
  };
}

function update(change: (labs: Record<string, LabRecord>) => boolean): void {
  const { progress } = loadProgress();
  if (!change(progress.labs)) return;
  save(storage(), progress);
  emit();
}

// --- per-lab -----------------------------------------------------------------------------------------

export function labStatus(id: string): LabStatus {
  return loadProgress().progress.labs[id]?.status ?? 'not-started';
}

export function isLabComplete(id: string): boolean {
  return labStatus(id) === 'complete';
}

/** The lab's record (status and times), or null when it was never started. */
export function labRecord(id: string): LabRecord | null {
  return loadProgress().progress.labs[id] ?? null;
}

/** The learner started working on a lab. A completed lab stays completed. */
export function markLabStarted(id: string, at: Date = new Date()): void {
  update((labs) => {
    if (labs[id]) return false;
    labs[id] = { status: 'in-progress', startedAt: at.toISOString() };
    return true;
  });
}

/** Every goal of the lab passes. The first completion time is kept when a lab is completed again. */
export function markLabComplete(id: string, at: Date = new Date()): void {
  update((labs) => {
    const r = labs[id];
    if (r?.status === 'complete') return false;
    labs[id] = {
      status: 'complete',
      startedAt: r?.startedAt ?? at.toISOString(),
      completedAt: at.toISOString(),
    };
    return true;
  });
}

/** Forget every lab's progress (the UI asks first). */
export function resetProgress(): void {
  save(storage(), empty());
  emit();
}

// --- export and import -------------------------------------------------------------------------------

/** The progress as a JSON document a learner can save, share or import elsewhere. */
export function exportProgress(at: Date = new Date()): string {
  const { progress } = loadProgress();
  return JSON.stringify(
    { format: EXPORT_FORMAT, version: PROGRESS_VERSION, exportedAt: at.toISOString(), labs: progress.labs },
    null,
    2,
  );
}

const earlier = (a?: string, b?: string) => (!a ? b : !b ? a : Date.parse(a) <= Date.parse(b) ? a : b);

/** Combine two records of one lab: the further status wins, and the earliest start and completion. */
function mergeRecord(a: LabRecord | undefined, b: LabRecord): LabRecord {
  if (!a) return b;
  const status = a.status === 'complete' || b.status === 'complete' ? 'complete' : 'in-progress';
  const r: LabRecord = { status };
  const startedAt = earlier(a.startedAt, b.startedAt);
  if (startedAt) r.startedAt = startedAt;
  if (status === 'complete') {
    const done = [a, b].filter((x) => x.status === 'complete').map((x) => x.completedAt);
    const completedAt = done.reduce<string | undefined>((x, y) => earlier(x, y), undefined);
    if (completedAt) r.completedAt = completedAt;
  }
  return r;
}

/**
 * Read an exported progress file and merge it into the stored progress: nothing already recorded is
 * lost, a lab completed in either is completed, and the earliest times are kept. Accepts an export
 * (`format: "gateway-lab-progress"`), a raw store, or an older shape.
 */
export function importProgress(json: string): ImportOutcome {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return {
      ok: false,
      count: 0,
      messageKey: 'progress.import.invalidJson',
      message: 'That file is not JSON, so nothing was imported.',
    };
  }
  let labs: Record<string, LabRecord> | null = null;
  if (isObj(v) && (v.format === EXPORT_FORMAT || v.version === PROGRESS_VERSION)) {
    labs = cleanLabs(v.labs)?.labs ?? null;
  } else if (!isObj(v) || typeof v.version !== 'number') {
    labs = migrateV0(v);
  }
  if (!labs) {
    return {
      ok: false,
      count: 0,
      messageKey: 'progress.import.notProgress',
      message: 'That file is not a Gateway Lab progress export, so nothing was imported.',
    };
  }
  const imported = labs;
  update((current) => {
    for (const [id, r] of Object.entries(imported)) current[id] = mergeRecord(current[id], r);
    return true;
  });
  const count = Object.keys(imported).length;
  return {
    ok: true,
    count,
    messageKey: 'progress.import.ok',
    message: `Imported progress for ${count} lab${count === 1 ? '' : 's'}.`,
  };
}
