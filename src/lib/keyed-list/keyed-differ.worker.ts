import { KeyedDiffer, type DiffRequest, type DiffResult } from './keyed-differ';

/**
 * One differ per worker, one worker per endpoint (keyed-list-client.ts): requests arrive and are
 * answered in order, so the client's copy of the list always matches the differ's previous answer.
 */
const differ = new KeyedDiffer();

// The project compiles against the DOM lib; the worker's own global needs only these two members.
interface WorkerScope {
  onmessage: ((event: MessageEvent<DiffRequest>) => void) | null;
  postMessage(message: DiffResult): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  scope.postMessage(differ.apply(event.data));
};
