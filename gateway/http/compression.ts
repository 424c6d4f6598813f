import type { FastifyReply, FastifyRequest } from 'fastify';
import { promisify } from 'node:util';
import { brotliCompress, constants, crc32, gzip, type BrotliOptions } from 'node:zlib';

/** The content codings the gateway answers in, br preferred. */
export type Coding = 'br' | 'gzip';

/**
 * Below this many bytes a JSON answer goes out plain: the framing and the work cost more than the
 * bytes saved. The same threshold is given to @fastify/compress for every other answer.
 */
export const COMPRESS_THRESHOLD = 1024;

/**
 * Brotli quality for the live bodies, compressed once per snapshot version and scope. Measured on
 * the 2,000-agent list (1.04 MB of JSON, 2 busy cores): quality 4 takes 5–7 ms and comes out
 * 10.5× smaller; 5 takes twice that for 7 % fewer bytes; 11 takes seconds for a body that lives one
 * poll. The time is paid per scope too, so the cheaper level keeps many supervisors' scopes cheap.
 */
export const LIVE_BROTLI_QUALITY = 4;
/**
 * gzip level for the same bodies: browsers offer br over HTTPS only, so screens on plain HTTP get
 * gzip. 6 takes 8–9 ms on the same list (9.9× smaller); 9 takes twice that for 2 % fewer bytes.
 */
export const LIVE_GZIP_LEVEL = 6;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const compressions: Record<Coding, number> = { br: 0, gzip: 0 };

/** How many cached bodies have been compressed since start, by coding: one per body and coding. */
export function compressionsMade(): Readonly<Record<Coding, number>> {
  return { ...compressions };
}

/**
 * Compresses on libuv's threadpool (the asynchronous zlib functions), so a megabyte of JSON never
 * holds the event loop. `flush` ends the output on a byte boundary without closing the stream, for
 * a body whose last bytes are appended per answer (OpenBody).
 */
function compress(input: Buffer, coding: Coding, flush: boolean): Promise<Buffer> {
  compressions[coding]++;
  if (coding === 'gzip') {
    return gzipAsync(input, {
      level: LIVE_GZIP_LEVEL,
      ...(flush ? { finishFlush: constants.Z_SYNC_FLUSH } : {}),
    });
  }
  const options: BrotliOptions = {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: LIVE_BROTLI_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
    },
    ...(flush ? { finishFlush: constants.BROTLI_OPERATION_FLUSH } : {}),
  };
  return brotliAsync(input, options);
}

/**
 * Makes a body's form in one coding once: concurrent requests share the promise. A failed
 * compression is forgotten, so the next request tries again.
 */
function memo<T>(
  forms: Map<Coding, Promise<T>>,
  coding: Coding,
  make: () => Promise<T>,
): Promise<T> {
  const known = forms.get(coding);
  if (known) return known;
  const form = make();
  forms.set(coding, form);
  void form.catch(() => {
    if (forms.get(coding) === form) forms.delete(coding);
  });
  return form;
}

/**
 * A JSON body serialised once per snapshot version, with its br and gzip forms made at most once
 * each, lazily, by the first request that asks for one: concurrent requests share the same
 * compression, and a version nobody asks to compress is never compressed.
 */
export class EncodedBody {
  private readonly forms = new Map<Coding, Promise<Buffer>>();

  constructor(readonly text: string) {}

  encoded(coding: Coding): Promise<Buffer> {
    return memo(this.forms, coding, () => compress(Buffer.from(this.text), coding, false));
  }
}

/** An open body's part made once per coding: the flushed stream and what its trailer needs. */
interface OpenForm {
  compressed: Buffer;
  /** CRC-32 and length of the head, continued per answer into the gzip trailer. */
  crc: number;
  length: number;
}

/**
 * A JSON object whose last member differs on every answer (the wallboard's `generatedAt`), with
 * the rest compressed once. The head is compressed and flushed to a byte boundary without closing
 * the stream; each answer appends its last member as a stored (uncompressed) block and closes the
 * stream, which costs a CRC of a few dozen bytes instead of a compression per request.
 */
export class OpenBody {
  private readonly forms = new Map<Coding, Promise<OpenForm>>();

  /** `head` is the JSON object's text without its closing brace, and has at least one member. */
  constructor(readonly head: string) {}

  /** The plain body, `last` being the final member (`"name":value`). */
  text(last: string): string {
    return `${this.head},${last}}`;
  }

  async encoded(coding: Coding, last: string): Promise<Buffer> {
    const form = await memo(this.forms, coding, async () => {
      const head = Buffer.from(this.head);
      const compressed = await compress(head, coding, true);
      return { compressed, crc: coding === 'gzip' ? crc32(head) : 0, length: head.length };
    });
    const tail = Buffer.from(`,${last}}`);
    // One stored block (gzip) or one four-nibble meta-block (brotli) holds up to 64 KiB - 1.
    if (tail.length > 0xffff) throw new RangeError('The last member of an open body is too long');
    return coding === 'gzip' ? closeGzip(form, tail) : closeBrotli(form.compressed, tail);
  }
}

/**
 * Closes a gzip stream flushed with Z_SYNC_FLUSH: a final stored block (RFC 1951 3.2.4) holding
 * the tail, then the CRC-32 and length of everything (RFC 1952 2.3).
 */
function closeGzip(form: OpenForm, tail: Buffer): Buffer {
  const block = Buffer.alloc(5);
  block[0] = 0x01; // BFINAL = 1, BTYPE = 00 (stored); already on a byte boundary after the flush
  block.writeUInt16LE(tail.length, 1);
  block.writeUInt16LE(~tail.length & 0xffff, 3);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(tail, form.crc), 0);
  trailer.writeUInt32LE((form.length + tail.length) >>> 0, 4);
  return Buffer.concat([form.compressed, block, tail, trailer]);
}

/**
 * Closes a brotli stream flushed with BROTLI_OPERATION_FLUSH (RFC 7932 9.2): an uncompressed
 * meta-block holding the tail (ISLAST 0, four nibbles of MLEN - 1, ISUNCOMPRESSED 1, padded to a
 * byte), then an empty last meta-block (ISLAST 1, ISLASTEMPTY 1).
 */
function closeBrotli(compressed: Buffer, tail: Buffer): Buffer {
  const header = ((tail.length - 1) << 3) | (1 << 19);
  const block = Buffer.from([header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff]);
  return Buffer.concat([compressed, block, tail, Buffer.from([0x03])]);
}

let lastHeader: string | undefined;
let lastCoding: Coding | null = null;

/**
 * The coding an Accept-Encoding header prefers, br before gzip on equal weight; `*` stands for
 * gzip, as @fastify/compress and @fastify/static read it. Null for no header, or q=0 for both.
 */
export function negotiate(header: string | undefined): Coding | null {
  if (!header) return null;
  // Screens repeat the same header on every poll: remember the last answer.
  if (header === lastHeader) return lastCoding;
  let br = -1;
  let gz = -1;
  let any = -1;
  for (const part of header.toLowerCase().split(',')) {
    const [token = '', ...params] = part.split(';').map((p) => p.trim());
    let q = 1;
    for (const p of params) {
      if (p.startsWith('q=')) q = Number(p.slice(2)) || 0;
    }
    if (token === 'br') br = q;
    else if (token === 'gzip' || token === 'x-gzip') gz = q;
    else if (token === '*') any = q;
  }
  if (gz < 0) gz = Math.max(any, 0);
  if (br < 0) br = 0;
  const coding = br <= 0 && gz <= 0 ? null : br >= gz ? 'br' : 'gzip';
  lastHeader = header;
  lastCoding = coding;
  return coding;
}

/**
 * Sends a cached JSON body in the coding the request prefers, or plain below COMPRESS_THRESHOLD
 * or without Accept-Encoding. The caller has set Vary and answered 304s before: a 304 never
 * reaches this, so it never compresses anything.
 */
export async function sendNegotiated(
  req: FastifyRequest,
  reply: FastifyReply,
  plain: string,
  encoded: (coding: Coding) => Promise<Buffer>,
): Promise<FastifyReply> {
  reply.type('application/json; charset=utf-8');
  const coding =
    plain.length >= COMPRESS_THRESHOLD ? negotiate(req.headers['accept-encoding']) : null;
  if (!coding) return reply.send(plain);
  let body: Buffer;
  try {
    body = await encoded(coding);
  } catch (err) {
    // The plain body is as correct, only bigger: a screen keeps its data.
    req.log.warn({ err, coding }, 'compression failed; answering uncompressed');
    return reply.send(plain);
  }
  return reply.header('content-encoding', coding).send(body);
}
