/**
 * Minimal multipart/form-data reader (RFC 7578) for Iqra's initiate endpoint: text fields and
 * small files (the bulk CSV). No streaming: the whole body is already in memory, capped at 10 MB
 * by the route, like Iqra's own request limit.
 */

export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartForm {
  /** Text fields in order; a repeated name keeps every value. */
  fields: [string, string][];
  files: MultipartFile[];
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? '').trim() : null;
}

/** Parses a complete body; throws on a body that is not multipart with this boundary. */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
  const form: MultipartForm = { fields: [], files: [] };
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart boundary not found');
  for (;;) {
    pos += delimiter.length;
    // "--" after the delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('multipart part not terminated');
    const data = body.subarray(headerEnd + 4, next);
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (name !== null) {
      const filename = param(disposition, 'filename');
      if (filename !== null) {
        form.files.push({
          field: name,
          filename,
          contentType: headers.get('content-type') ?? 'application/octet-stream',
          data: Buffer.from(data),
        });
      } else {
        form.fields.push([name, data.toString('utf8')]);
      }
    }
    pos = next + 2;
  }
  return form;
}

function parseHeaders(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function param(header: string, key: string): string | null {
  const m =
    new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ??
    new RegExp(`(?:^|;)\\s*${key}=([^;]*)`, 'i').exec(header);
  return m ? (m[1] ?? '').replace(/\\(.)/g, '$1').trim() : null;
}
