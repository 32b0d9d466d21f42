import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKUP_KEY,
  LEGACY_KEY,
  NOTICE_KEY,
  PROGRESS_KEY,
  dismissProgressNotice,
  exportProgress,
  importProgress,
  isLabComplete,
  labRecord,
  labStatus,
  loadProgress,
  markLabComplete,
  markLabStarted,
  onProgressChange,
  resetProgress,
} from '../../../src/labs/progress.ts';

/** A localStorage stand-in: a Map with the Storage methods the module uses. */
class FakeStorage {
  map = new Map<string, string>();
  failWrites = false;
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.failWrites) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, String(v));
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

let store: FakeStorage;
beforeEach(() => {
  store = new FakeStorage();
  vi.stubGlobal('localStorage', store);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const t1 = new Date('2026-11-23T10:00:00Z');
const t2 = new Date('2026-11-24T12:30:00Z');
const stored = () => JSON.parse(store.getItem(PROGRESS_KEY) ?? 'null');

describe('lab status', () => {
  it('is not-started, then in-progress, then complete, under the versioned key', () => {
    expect(labStatus('first-route')).toBe('not-started');
    expect(isLabComplete('first-route')).toBe(false);
    markLabStarted('first-route', t1);
    expect(labStatus('first-route')).toBe('in-progress');
    markLabComplete('first-route', t2);
    expect(labStatus('first-route')).toBe('complete');
    expect(isLabComplete('first-route')).toBe(true);
    expect(stored()).toEqual({
      version: 1,
      labs: {
        'first-route': {
          status: 'complete',
          startedAt: '2026-11-23T10:00:00.000Z',
          completedAt: '2026-11-24T12:30:00.000Z',
        },
      },
    });
  });

  it('keeps the first completion time and never demotes a completed lab', () => {
    markLabComplete('a', t1);
    markLabComplete('a', t2);
    markLabStarted('a', t2);
    expect(labRecord('a')).toEqual({
      status: 'complete',
      startedAt: t1.toISOString(),
      completedAt: t1.toISOString(),
    });
  });

  it('survives a "reload": a fresh read of the same storage sees the same progress', () => {
    markLabComplete('a', t1);
    const again = loadProgress();
    expect(again.progress.labs.a.status).toBe('complete');
    expect(again.notice).toBeNull();
  });

  it('resets everything', () => {
    markLabComplete('a', t1);
    markLabStarted('b', t1);
    resetProgress();
    expect(labStatus('a')).toBe('not-started');
    expect(labStatus('b')).toBe('not-started');
    expect(stored()).toEqual({ version: 1, labs: {} });
  });
});

describe('recovery', () => {
  it('resets corrupted JSON with a notice, keeping the text in a backup', () => {
    store.setItem(PROGRESS_KEY, '{"version":1,"labs":{"a":');
    const { progress, notice } = loadProgress();
    expect(progress).toEqual({ version: 1, labs: {} });
    expect(notice?.kind).toBe('corrupted');
    expect(notice?.message).toMatch(/could not be read/);
    expect(store.getItem(BACKUP_KEY)).toBe('{"version":1,"labs":{"a":');
    expect(stored()).toEqual({ version: 1, labs: {} });
    // The notice stays until dismissed, so whichever page shows it first, the learner sees it.
    expect(loadProgress().notice?.kind).toBe('corrupted');
    dismissProgressNotice();
    expect(loadProgress().notice).toBeNull();
    expect(store.getItem(BACKUP_KEY)).not.toBeNull();
  });

  it('resets a store from a newer version (which it cannot read) and backs it up', () => {
    const newer = JSON.stringify({ version: 2, chapters: {} });
    store.setItem(PROGRESS_KEY, newer);
    const { progress, notice } = loadProgress();
    expect(progress.labs).toEqual({});
    expect(notice?.kind).toBe('unknown-version');
    expect(store.getItem(BACKUP_KEY)).toBe(newer);
  });

  it('migrates an unversioned list of completed ids', () => {
    store.setItem(PROGRESS_KEY, JSON.stringify({ completed: ['first-route', 'mutual-tls-at-the-gateway'] }));
    const { progress, notice } = loadProgress();
    expect(notice?.kind).toBe('migrated');
    expect(progress.labs['first-route']).toEqual({ status: 'complete' });
    expect(isLabComplete('mutual-tls-at-the-gateway')).toBe(true);
    expect(stored().version).toBe(1);
  });

  it('migrates the legacy unversioned key and removes it', () => {
    store.setItem(LEGACY_KEY, JSON.stringify({ labs: { a: '2026-01-02T03:04:05.000Z', b: true } }));
    const { progress } = loadProgress();
    expect(progress.labs).toEqual({
      a: { status: 'complete', completedAt: '2026-01-02T03:04:05.000Z' },
      b: { status: 'complete' },
    });
    expect(store.getItem(LEGACY_KEY)).toBeNull();
    expect(stored().labs.a.status).toBe('complete');
  });

  it('drops unreadable entries and keeps the rest', () => {
    store.setItem(
      PROGRESS_KEY,
      JSON.stringify({
        version: 1,
        labs: {
          good: { status: 'complete', completedAt: 'not a date' },
          bad: { status: 'done' },
          'Bad Id': 1,
        },
      }),
    );
    const { progress, notice } = loadProgress();
    expect(progress.labs).toEqual({ good: { status: 'complete' } });
    expect(notice?.kind).toBe('repaired');
  });

  it('keeps working in memory when storage refuses writes, and says so', () => {
    store.failWrites = true;
    markLabComplete('a', t1);
    expect(isLabComplete('a')).toBe(true);
    expect(loadProgress().notice?.kind).toBe('unavailable');
  });

  it('works without any localStorage (server-side rendering)', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(labStatus('x')).toBe('not-started');
    expect(() => markLabStarted('x', t1)).not.toThrow();
  });
});

describe('export and import', () => {
  it('round-trips: export, clear, import restores every lab and its times', () => {
    markLabComplete('first-route', t1);
    markLabStarted('mutual-tls-at-the-gateway', t2);
    const json = exportProgress(t2);
    const doc = JSON.parse(json);
    expect(doc.format).toBe('gateway-lab-progress');
    expect(doc.version).toBe(1);
    expect(doc.exportedAt).toBe(t2.toISOString());
    resetProgress();
    expect(isLabComplete('first-route')).toBe(false);
    const outcome = importProgress(json);
    expect(outcome).toMatchObject({ ok: true, count: 2, messageKey: 'progress.import.ok' });
    expect(labRecord('first-route')).toEqual({
      status: 'complete',
      startedAt: t1.toISOString(),
      completedAt: t1.toISOString(),
    });
    expect(labStatus('mutual-tls-at-the-gateway')).toBe('in-progress');
  });

  it('merges: an import never loses what is already recorded', () => {
    markLabComplete('a', t2);
    markLabStarted('b', t1);
    const outcome = importProgress(
      JSON.stringify({
        format: 'gateway-lab-progress',
        version: 1,
        labs: {
          a: { status: 'in-progress', startedAt: t1.toISOString() },
          b: { status: 'complete', startedAt: t2.toISOString(), completedAt: t2.toISOString() },
        },
      }),
    );
    expect(outcome.ok).toBe(true);
    expect(labRecord('a')).toEqual({
      status: 'complete',
      startedAt: t1.toISOString(),
      completedAt: t2.toISOString(),
    });
    expect(labRecord('b')).toEqual({
      status: 'complete',
      startedAt: t1.toISOString(),
      completedAt: t2.toISOString(),
    });
  });

  it('rejects what is not JSON or not a progress file, changing nothing', () => {
    markLabComplete('a', t1);
    const before = store.getItem(PROGRESS_KEY);
    expect(importProgress('not json')).toMatchObject({
      ok: false,
      messageKey: 'progress.import.invalidJson',
    });
    expect(importProgress('{"hello": "world"}')).toMatchObject({
      ok: false,
      messageKey: 'progress.import.notProgress',
    });
    expect(importProgress('{"version": 7, "labs": {}}')).toMatchObject({ ok: false });
    expect(store.getItem(PROGRESS_KEY)).toBe(before);
  });
});

describe('onProgressChange', () => {
  it('notifies on every change until unsubscribed', () => {
    const seen: string[] = [];
    const off = onProgressChange((p) => seen.push(Object.keys(p.labs).join(',') || '-'));
    markLabStarted('a', t1);
    markLabStarted('a', t1); // no change, no call
    markLabComplete('b', t1);
    resetProgress();
    off();
    markLabComplete('c', t1);
    expect(seen).toEqual(['a', 'a,b', '-']);
  });

  it('a throwing subscriber does not stop the others', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    let called = 0;
    const off1 = onProgressChange(() => {
      throw new Error('boom');
    });
    const off2 = onProgressChange(() => called++);
    markLabComplete('a', t1);
    expect(called).toBe(1);
    expect(err).toHaveBeenCalled();
    off1();
    off2();
  });

  it('notifies when the notice is dismissed', () => {
    store.setItem(PROGRESS_KEY, 'garbage');
    loadProgress();
    expect(store.getItem(NOTICE_KEY)).not.toBeNull();
    let calls = 0;
    const off = onProgressChange(() => calls++);
    dismissProgressNotice();
    off();
    expect(calls).toBe(1);
    expect(store.getItem(NOTICE_KEY)).toBeNull();
  });
});
