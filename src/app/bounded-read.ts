// Reading an input's bytes with a size cap that holds while reading, not only when measuring:
// a file can grow after it was measured, and a pipe or device has no size at all.
import { open } from 'node:fs/promises';
import { ReadoutError } from '../domain/index.js';

const tooLarge = (what: string, max: number): ReadoutError =>
  new ReadoutError('E_TOO_LARGE', `${what} is larger than the ${(max / 1048576).toFixed(0)} MiB limit; split it or extract the article first`);

/**
 * A regular file's bytes, at most `max` of them (the file may have grown since it was measured).
 * One buffer and a few reads: a stream costs more than the read itself for the small files of a
 * folder ingest, and this runs on the thread that writes the store.
 */
export async function readFileCapped(path: string, sizeHint: number, max: number, what: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    // Room for one byte more than measured, so a file that has grown is noticed.
    let buf = new Uint8Array(Math.min(sizeHint, max) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > max) throw tooLarge(what, max);
        const grown = new Uint8Array(Math.min(buf.length * 2, max + 1));
        grown.set(buf);
        buf = grown;
      }
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > max) throw tooLarge(what, max);
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

export async function readCapped(stream: AsyncIterable<Uint8Array>, max: number, what: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > max) throw tooLarge(what, max);
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
