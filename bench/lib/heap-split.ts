import type { CDPSession } from '@playwright/test';

/**
 * A V8 heap snapshot summed by what the memory is: the page's JavaScript objects, compiled code
 * (machine code and its metadata), V8's internal arrays and caches, and the embedder's (Blink's)
 * native objects. The soak uses it to tell a leak (JS objects grow) from the optimising compilers
 * producing code for functions as they get hot (code grows, then levels off).
 */
export interface HeapSplit {
  /** Objects, arrays, strings, closures, numbers… what the page's code allocates. */
  js: number;
  /** `code` nodes: machine code, relocation and deoptimisation data, code headers. */
  code: number;
  /** V8's own arrays and hidden objects (`system / …`): caches, feedback, dependent-code lists. */
  v8: number;
  /** Hidden classes (object shapes). */
  shapes: number;
  /** Blink's native objects. Not part of JSHeapUsedSize. */
  native: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export function splitSnapshot(json: string): HeapSplit {
  const s = JSON.parse(json) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const out: HeapSplit = { js: 0, code: 0, v8: 0, shapes: 0, native: 0 };
  for (let i = 0; i < s.nodes.length; i += stride) {
    const type = types[s.nodes[i + typeAt] as number];
    const name = s.strings[s.nodes[i + nameAt] as number] ?? '';
    const size = s.nodes[i + sizeAt] as number;
    if (type === 'code') out.code += size;
    else if (type === 'object shape') out.shapes += size;
    else if (type === 'native' || type === 'synthetic') {
      if (name.startsWith('system /')) out.v8 += size;
      else out.native += size;
    } else if (type === 'hidden' || (type === 'array' && name.startsWith('system /'))) out.v8 += size;
    else out.js += size;
  }
  return out;
}

/** Takes a heap snapshot over CDP (HeapProfiler must be usable on the session) and splits it. */
export async function heapSplit(cdp: CDPSession): Promise<HeapSplit> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return splitSnapshot(chunks.join(''));
}
