// Evaluates many conversations off the page's thread (Preview's bulk run,
// the "What changes?" panels). It loads the console's own module (already
// in the browser's cache) and, through it, the bulk engine's module of the
// release build — the same core engine — and runs the job the page sends in
// slices, reporting progress between them. Cancelling is the page
// terminating this worker.
import init, { BulkWorkerJob } from "./anytime-admin.js";

const ready = init({ module_or_path: new URL("./anytime-admin_bg.wasm", import.meta.url) });
// Slices small enough that progress comes at least every 100 ms on the
// heaviest settings (about 30 µs per conversation and side).
const SLICE = 1000;

self.onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    await ready;
    const started = performance.now();
    const job = await BulkWorkerJob.start(request);
    const total = job.total;
    self.postMessage({ id, done: 0, total });
    let done = 0;
    while (done < total) {
      done = job.step(SLICE);
      self.postMessage({ id, done, total });
    }
    const answer = job.finish(performance.now() - started);
    job.free();
    self.postMessage({ id, answer });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message ? e.message : e) });
  }
};
