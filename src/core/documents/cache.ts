/**
 * Rendered files of documents whose content no longer changes (approved orders), kept in memory:
 * least recently used first out, bounded in bytes.
 *
 * Why memory and not files under DATA_DIR: the files carry personal data (the acknowledgment sheet
 * names every employee), and a second copy on disk would need the same protection, backups and
 * clean-up as the database; rendering is deterministic, so after a restart the first download simply
 * renders again (in a worker thread, in about a second). 64 MB holds a few hundred typical orders.
 *
 * The key is chosen by the caller together with a hash of the whole document description, so a stale
 * file is never served: when the content changes (a new acknowledgment on the sheet) the new file
 * replaces the old one of the same document and format. Concurrent requests for a file being rendered
 * share that one render.
 */
import crypto from 'node:crypto';
import type { DocumentDescription } from './document.ts';

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

export class DocumentCache {
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly files = new Map<string, Buffer>();
  /** «order:12:pdf» → its current full key (with the content hash). */
  private readonly current = new Map<string, string>();
  private readonly rendering = new Map<string, Promise<Buffer>>();
  private size = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  get bytes(): number {
    return this.size;
  }

  get entries(): number {
    return this.files.size;
  }

  /** The file for `documentKey` (e.g. «order:12:pdf») of exactly this content, rendered once. */
  async get(documentKey: string, doc: DocumentDescription, render: () => Promise<Buffer>): Promise<Buffer> {
    const key = `${documentKey}:${contentHash(doc)}`;
    const file = this.files.get(key);
    if (file) {
      this.hits++;
      this.files.delete(key);
      this.files.set(key, file);
      return file;
    }
    const pending = this.rendering.get(key);
    if (pending) {
      this.hits++;
      return pending;
    }
    this.misses++;
    const promise = render()
      .then((buffer) => {
        this.store(documentKey, key, buffer);
        return buffer;
      })
      .finally(() => this.rendering.delete(key));
    this.rendering.set(key, promise);
    return promise;
  }

  private store(documentKey: string, key: string, buffer: Buffer): void {
    const previous = this.current.get(documentKey);
    if (previous && previous !== key) this.drop(previous);
    // One file may take at most a quarter of the cache: it must not push out everything else.
    if (buffer.length > this.maxBytes / 4) return;
    this.files.set(key, buffer);
    this.current.set(documentKey, key);
    this.size += buffer.length;
    for (const [oldest] of this.files) {
      if (this.size <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const file = this.files.get(key);
    if (!file) return;
    this.files.delete(key);
    this.size -= file.length;
    const documentKey = key.slice(0, key.lastIndexOf(':'));
    if (this.current.get(documentKey) === key) this.current.delete(documentKey);
  }

  clear(): void {
    this.files.clear();
    this.current.clear();
    this.size = 0;
  }
}

/** SHA-256 of the description as JSON: the same content gives the same file. */
export function contentHash(doc: DocumentDescription): string {
  return crypto.createHash('sha256').update(JSON.stringify(doc)).digest('hex');
}
