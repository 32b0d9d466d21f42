// The page side of the simulator worker: one worker for every workbench on the page, started on the
// first request. Requests wait until the worker says it is ready (see sim.worker.ts).
import SimWorker from './sim.worker.ts?worker';
import type { SimRequest, SimResponse } from './types.ts';

type Listener = { onResult: (res: SimResponse) => void; onCrash: (message: string) => void };

let worker: Worker | null = null;
let ready = false;
const queued = new Map<string, SimRequest>();
const listeners = new Map<string, Listener>();

function start(): Worker {
  const w = new SimWorker();
  w.onmessage = (e: MessageEvent<SimResponse | { ready: true }>) => {
    if ('ready' in e.data) {
      ready = true;
      for (const req of queued.values()) w.postMessage(req);
      queued.clear();
      return;
    }
    listeners.get(e.data.wb)?.onResult(e.data);
  };
  w.onerror = (e) => {
    e.preventDefault();
    // Start afresh on the next request; every workbench shows what happened.
    worker = null;
    ready = false;
    for (const l of listeners.values()) l.onCrash(e.message || '');
  };
  return w;
}

export function listen(wb: string, listener: Listener): void {
  listeners.set(wb, listener);
}

export function send(req: SimRequest): void {
  worker ??= start();
  if (ready) worker.postMessage(req);
  else queued.set(req.wb, req);
}
