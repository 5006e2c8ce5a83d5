// Refuse bytes that are not text before any decoder or parser touches them.

/** Magic numbers of formats that are never text (prefix bytes, offset 0 unless noted). */
const MAGIC: { name: string; bytes: number[]; offset?: number }[] = [
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'ZIP (or DOCX/XLSX/EPUB)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip', bytes: [0x1f, 0x8b] },
  { name: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { name: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: '7-Zip', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Windows executable', bytes: [0x4d, 0x5a] },
  { name: 'OLE2 (DOC/XLS)', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: 'WebAssembly', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'RIFF (WebP/WAV/AVI)', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'MP4/QuickTime', bytes: [0x66, 0x74, 0x79, 0x70], offset: 4 },
  { name: 'Ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { name: 'SQLite database', bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
];

/** The name of the binary format the bytes look like, or null when they may be text. */
export function detectBinary(bytes: Uint8Array): string | null {
  for (const m of MAGIC) {
    const off = m.offset ?? 0;
    if (bytes.length >= off + m.bytes.length && m.bytes.every((b, i) => bytes[off + i] === b)) return m.name;
  }
  // UTF-16 text legitimately holds NULs; a BOM says so.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return 'data with NUL bytes';
    // C0 controls other than tab, LF, FF, CR and ESC (ISO-2022 uses ESC).
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  if (n > 0 && control / n > 0.1) return 'data with many control bytes';
  return null;
}
