/**
 * The little of the tar format a backup needs: POSIX ustar, regular files only, written and read as
 * streams. Our own writer keeps the archive readable by any `tar` (a person can unpack a backup by hand);
 * our own reader accepts only what the writer makes, so a doctored archive cannot plant links, devices
 * or paths outside the target.
 */

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: larger sizes use the GNU base-256 form

export interface TarEntry {
  /** Path inside the archive, '/'-separated, no leading '/' and no '..'. */
  name: string;
  size: number;
  mtime?: Date;
  /** The file's bytes; exactly `size` of them. */
  body: () => AsyncIterable<Buffer>;
}

export interface TarEntryRead {
  name: string;
  size: number;
  /** Must be consumed (or left alone: the reader then skips it) before asking for the next entry. */
  body: AsyncIterable<Buffer>;
}

export class TarFormatError extends Error {}

/**
 * A safe archive path: relative, '/'-separated, no empty, '.' or '..' part, no backslash or control
 * character — so that joining it to a target folder can never leave that folder.
 */
export function isSafeEntryName(name: string): boolean {
  if (!name || Buffer.byteLength(name) > 255 || name.startsWith('/')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !/[\u0000-\u001f\u007f\\]/.test(part));
}

/** Whether writeTar can store this name (safe, and short enough for ustar's name and prefix fields). */
export function isArchivableName(name: string): boolean {
  if (!isSafeEntryName(name)) return false;
  try {
    splitName(name);
    return true;
  } catch {
    return false;
  }
}

/** The archive's bytes (uncompressed): headers, contents, padding and the two zero blocks at the end. */
export async function* writeTar(entries: AsyncIterable<TarEntry> | Iterable<TarEntry>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield header(entry);
    let written = 0;
    for await (const chunk of entry.body()) {
      written += chunk.length;
      if (written > entry.size) break;
      yield chunk;
    }
    // A file that grew or shrank while it was read would make the rest of the archive unreadable.
    if (written !== entry.size) throw new Error(`tar: ${entry.name} changed while it was archived (${written} of ${entry.size} bytes)`);
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2);
}

function header(entry: TarEntry): Buffer {
  if (!isSafeEntryName(entry.name)) throw new Error(`tar: unsafe entry name ${JSON.stringify(entry.name)}`);
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitName(entry.name);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, 0o600);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (entry.size <= MAX_OCTAL_SIZE) writeOctal(block, 124, 12, entry.size);
  else writeBase256(block, 124, 12, entry.size);
  writeOctal(block, 136, 12, Math.floor((entry.mtime ?? new Date()).getTime() / 1000));
  block.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  block.write('0', 156, 'ascii'); // regular file
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  const sum = checksum(block);
  block.write(sum.toString(8).padStart(6, '0') + '\u0000 ', 148, 8, 'ascii');
  return block;
}

/** ustar keeps up to 100 bytes of name and 155 of directory prefix, split at a '/'. */
function splitName(name: string): [string, string] {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return [prefix, rest];
  }
  throw new Error(`tar: entry name too long: ${name}`);
}

function writeOctal(block: Buffer, offset: number, length: number, value: number) {
  block.write(value.toString(8).padStart(length - 1, '0') + '\u0000', offset, length, 'ascii');
}

function writeBase256(block: Buffer, offset: number, length: number, value: number) {
  let rest = BigInt(value);
  for (let i = offset + length - 1; i > offset; i--) {
    block[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  block[offset] = 0x80;
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

// ---- reading ------------------------------------------------------------------------------------

/** Pulls exact byte counts out of a stream of chunks. */
class ChunkReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    const next = await this.iterator.next();
    if (next.done) return false;
    this.pending = this.pending.length ? Buffer.concat([this.pending, next.value]) : next.value;
    return true;
  }

  /** Exactly n bytes, or fewer at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.pending.length < n) if (!(await this.fill())) break;
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  /** Up to n bytes that are already here or arrive next (at least one unless n is 0). */
  async chunk(n: number): Promise<Buffer> {
    if (!this.pending.length && !(await this.fill())) throw new TarFormatError('архив обрывается на середине файла');
    const out = this.pending.subarray(0, Math.min(n, this.pending.length));
    this.pending = this.pending.subarray(out.length);
    return out;
  }
}

/**
 * The regular files of an uncompressed tar stream, in order. Directory entries are passed over;
 * links, devices, extended headers and unsafe names are refused (TarFormatError).
 */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntryRead> {
  const reader = new ChunkReader(source);
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block.length === 0) throw new TarFormatError('архив обрывается: нет отметки конца');
    if (block.length < BLOCK) throw new TarFormatError('архив обрывается на середине заголовка');
    if (block.every((byte) => byte === 0)) return;
    const stored = parseOctal(block, 148, 8);
    if (stored !== checksum(block)) throw new TarFormatError('неверная контрольная сумма заголовка в архиве');
    const name = [cString(block, 345, 155), cString(block, 0, 100)].filter(Boolean).join('/');
    const type = String.fromCharCode(block[156]!);
    const size = (block[124]! & 0x80) ? parseBase256(block, 124, 12) : parseOctal(block, 124, 12);
    if (type === '5') {
      if (size !== 0) throw new TarFormatError(`каталог ${name} с содержимым`);
      continue;
    }
    if (type !== '0' && type !== '\u0000') throw new TarFormatError(`в архиве недопустимая запись (тип «${type}»): ${name}`);
    if (!isSafeEntryName(name)) throw new TarFormatError(`в архиве недопустимое имя файла: ${JSON.stringify(name.slice(0, 120))}`);
    // The body reads straight from the stream; whatever the consumer leaves unread is skipped here.
    let left = size;
    const body = async function* () {
      while (left > 0) {
        const chunk = await reader.chunk(left);
        left -= chunk.length;
        yield chunk;
      }
    };
    yield { name, size, body: { [Symbol.asyncIterator]: body } };
    while (left > 0) left -= (await reader.chunk(left)).length;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad && (await reader.read(pad)).length < pad) throw new TarFormatError('архив обрывается на выравнивании');
  }
}

function cString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function parseOctal(block: Buffer, offset: number, length: number): number {
  const text = cString(block, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError('повреждённый заголовок в архиве');
  return parseInt(text, 8);
}

function parseBase256(block: Buffer, offset: number, length: number): number {
  let value = BigInt(block[offset]! & 0x7f);
  for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(block[i]!);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError('слишком большой файл в архиве');
  return Number(value);
}
