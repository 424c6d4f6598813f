import type { z } from 'zod';
import { KeyedDiffer, type DiffRequest, type DiffResult, type Validate } from './keyed-differ';

// The project compiles against the DOM lib; a worker's own global needs only these two members.
interface WorkerScope {
  onmessage: ((event: MessageEvent<DiffRequest>) => void) | null;
  postMessage(message: DiffResult): void;
}

/**
 * The body of a keyed-list worker (a feature's `*.worker.ts` calls this with its endpoint's
 * schema): one differ, answering requests in the order they arrive, so the client's copy of the
 * list always matches the differ's previous answer.
 */
export function serveKeyedList(schema: z.ZodType<{ items: readonly { id: string }[] }>): void {
  const differ = new KeyedDiffer(schema.safeParse.bind(schema) as unknown as Validate);
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (event) => {
    scope.postMessage(differ.apply(event.data));
  };
}
