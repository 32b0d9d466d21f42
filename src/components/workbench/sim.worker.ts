// The simulator in a Web Worker, so that typing in the editor never waits for a simulation. One worker
// serves every workbench on the page; each request names its workbench (`wb`).
//
// This entry has no static imports on purpose: its message handler is installed the moment the worker
// starts, and the simulator (sim-run.ts, a separate chunk) is imported on the first request. A message
// that arrives while a module worker is still evaluating a large import graph can otherwise find no
// handler and be dropped. The page also waits for the "ready" message before it sends anything.
import type { SimRequest, SimResponse } from './types.ts';

// Only the newest request of each workbench matters: while one simulation runs, later edits replace
// that workbench's pending request.
let busy = false;
const pending = new Map<string, SimRequest>();
let runner: Promise<typeof import('./sim-run.ts')> | null = null;

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  while (pending.size) {
    const [wb, req] = pending.entries().next().value!;
    pending.delete(wb);
    let res: SimResponse;
    try {
      runner ??= import('./sim-run.ts');
      res = await (await runner).run(req);
    } catch (e) {
      res = { wb: req.wb, id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    postMessage(res);
  }
  busy = false;
}

self.onmessage = (e: MessageEvent<SimRequest>) => {
  pending.set(e.data.wb, e.data);
  void drain();
};
postMessage({ ready: true });
