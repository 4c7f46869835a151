// The public site's readers are anonymous and ask for the same few pages again and again: the pledge
// list, the adopted text, the open data. Rendering the pledge list (its table, map and timeline) costs
// milliseconds of CPU; sending bytes costs microseconds. So an anonymous GET whose answer the route
// declared public and tagged (`Cache-Control: public`, an ETag) is kept, and the same request is
// answered from it for as long as nothing was written to the database and the day has not changed
// (docs/decisions/019). A later version is never replayed as the current one: the key of an entry is
// checked against the database's write version on every request, which costs a microsecond or two.
//
// What differs between two answers to the same anonymous request is the Content-Security-Policy nonce
// (helmet writes a fresh one into the header of every response). Where the body carries the nonce
// (pages that ship a script), the body is kept in pieces around it and joined with the new nonce; a
// body without it (the public pages ship no script) is sent as stored, and its gzip is made once.
import { gzipSync } from "node:zlib";
import type express from "express";
import { ifNoneMatchNames } from "../app/lib/entity-tags";

export interface PageReplayOptions {
  /** What the answers depend on besides the request: changes whenever a stored answer may be stale; null when unknown. */
  version: () => string | null;
  /** The most bytes kept, bodies and their gzip counted; the least recently used go first. */
  maxBytes?: number;
  /** A larger answer is not kept (a download, say: the route and the client's cache deal with those). */
  maxEntryBytes?: number;
}

/** Headers of an answer that are the replay's to write, not the stored answer's. */
const NOT_STORED = new Set(["content-length", "content-encoding", "date", "connection", "keep-alive", "transfer-encoding", "set-cookie"]);
/** Headers a 304 repeats (RFC 9110 section 15.4.5). */
const REVALIDATION_HEADERS = new Set(["etag", "cache-control", "vary", "content-location", "expires"]);

interface Entry {
  key: string;
  address: string;
  version: string;
  etag: string;
  status: number;
  headers: [string, string][];
  /** The body split at the nonce of the request that rendered it: one piece when it had none. */
  pieces: Buffer[];
  /** The body when it does not carry the nonce: the same bytes for every request. */
  whole: Buffer | null;
  gzip?: Buffer;
  bytes: number;
}

/** The request headers other than the address that an answer depends on, by the answer's `Vary`. */
function varyNames(vary: string | null): string[] | null {
  if (!vary) return [];
  const names = vary.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.includes("*")) return null;
  // Eligible requests carry no cookie, and the replay chooses the encoding itself.
  return names.filter((name) => name !== "accept-encoding" && name !== "cookie").sort();
}

function splitAt(body: Buffer, separator: string): Buffer[] {
  if (!separator) return [body];
  const needle = Buffer.from(separator);
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, start)) {
    pieces.push(body.subarray(start, at));
    start = at + needle.length;
  }
  pieces.push(body.subarray(start));
  return pieces;
}

/**
 * Answers 304. Without a Content-Security-Policy: a browser updates the headers of the copy it holds
 * with those of a 304 (RFC 9111 section 4.3.4), so a policy with this response's new nonce would
 * block the scripts of the held page, which carry the nonce it was sent with.
 */
export function notModified(res: express.Response): void {
  res.removeHeader("Content-Security-Policy");
  res.status(304).end();
}

export class PageReplay {
  private readonly entries = new Map<string, Entry>();
  /** Per address (host and path with query) with entries kept, the request headers its answers vary on. */
  private readonly varies = new Map<string, { names: string[]; entries: number }>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;

  constructor(private readonly options: PageReplayOptions) {
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  }

  /**
   * Whether an answer to `req` may be replayed or kept: a GET or HEAD from a reader who sends no
   * cookie and no credentials, so the answer cannot be anyone's own page.
   */
  eligible(req: express.Request): boolean {
    return (req.method === "GET" || req.method === "HEAD") && req.headers.cookie === undefined && req.headers.authorization === undefined;
  }

  /** The current version, taken before the answer is rendered (an answer is never newer than it); null: neither replay nor keep. */
  version(): string | null {
    return this.options.version();
  }

  /**
   * Answers `req` from a kept answer of `version`, with `nonce` in place of the one it was rendered
   * with; false when there is none (the caller renders, then offers the answer to `keep`).
   */
  replay(req: express.Request, res: express.Response, version: string, nonce: string): boolean {
    const address = this.address(req);
    const names = this.varies.get(address)?.names;
    if (!names) return false;
    const key = this.key(req, address, names);
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.version !== version) {
      this.drop(entry);
      return false;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);

    if (ifNoneMatchNames(req.headers["if-none-match"], entry.etag)) {
      for (const [name, value] of entry.headers) if (REVALIDATION_HEADERS.has(name)) res.setHeader(name, value);
      notModified(res);
      return true;
    }
    res.status(entry.status);
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    let body: Buffer;
    if (entry.whole && req.acceptsEncodings("gzip", "identity") === "gzip") {
      body = entry.gzip ?? this.compress(entry, entry.whole);
      res.setHeader("Content-Encoding", "gzip");
      res.vary("Accept-Encoding");
    } else {
      body = entry.whole ?? Buffer.concat(entry.pieces.flatMap((piece, i) => (i === 0 ? [piece] : [Buffer.from(nonce), piece])));
    }
    res.setHeader("Content-Length", String(body.length));
    if (req.method === "HEAD") res.end();
    else res.end(body);
    return true;
  }

  /**
   * Whether the answer to `req` may be kept: a 200 to a GET that the route declared public and
   * tagged, that sets no cookie and varies on nothing but request headers the replay can key.
   */
  keepable(req: express.Request, response: Response): boolean {
    if (req.method !== "GET" || response.status !== 200 || !response.body) return false;
    const { headers } = response;
    const cacheControl = headers.get("Cache-Control") ?? "";
    return (
      headers.has("ETag") &&
      /(^|,)\s*public\s*(,|$)/i.test(cacheControl) &&
      !/no-store|private/i.test(cacheControl) &&
      !headers.has("Set-Cookie") &&
      !headers.has("Content-Encoding") &&
      varyNames(headers.get("Vary")) !== null
    );
  }

  /**
   * Keeps a keepable answer (see `keepable`) with its whole `body`. `nonce` is the one it was
   * rendered with; `version` the one taken before it was rendered.
   */
  keep(req: express.Request, response: Response, body: Buffer, version: string, nonce: string): void {
    if (!this.keepable(req, response)) return;
    const { headers } = response;
    const etag = headers.get("ETag") ?? "";
    const names = varyNames(headers.get("Vary")) ?? [];
    const pieces = splitAt(body, nonce);
    const bytes = pieces.reduce((sum, piece) => sum + piece.length, 0);
    if (bytes > this.maxEntryBytes) return;

    const address = this.address(req);
    const known = this.varies.get(address);
    if (known && known.names.join("\n") !== names.join("\n")) {
      // The address now varies on other headers: its earlier answers could no longer be found.
      for (const entry of [...this.entries.values()]) if (entry.address === address) this.drop(entry);
    }
    const key = this.key(req, address, names);
    const existing = this.entries.get(key);
    if (existing) this.drop(existing);
    const stored: [string, string][] = [];
    headers.forEach((value, name) => {
      if (!NOT_STORED.has(name)) stored.push([name, value]);
    });
    const whole = pieces.length === 1 ? (pieces[0] ?? null) : null;
    this.add({ key, address, version, etag, status: response.status, headers: stored, pieces, whole, bytes }, names);
  }

  /** What is kept, for tests and benchmarks. */
  get size(): { entries: number; addresses: number; bytes: number } {
    return { entries: this.entries.size, addresses: this.varies.size, bytes: this.bytes };
  }

  private address(req: express.Request): string {
    // The host is part of the address: absolute links in feeds and data name it.
    return `${req.headers.host ?? ""} ${req.originalUrl}`;
  }

  private key(req: express.Request, address: string, names: string[]): string {
    return [address, ...names.map((name) => `${name}:${req.headers[name] ?? ""}`)].join("\n");
  }

  private compress(entry: Entry, whole: Buffer): Buffer {
    const gzip = gzipSync(whole);
    entry.gzip = gzip;
    entry.bytes += gzip.length;
    this.bytes += gzip.length;
    this.evict();
    return gzip;
  }

  private add(entry: Entry, names: string[]): void {
    this.entries.set(entry.key, entry);
    this.bytes += entry.bytes;
    const vary = this.varies.get(entry.address) ?? { names, entries: 0 };
    vary.entries += 1;
    this.varies.set(entry.address, vary);
    this.evict();
  }

  private drop(entry: Entry): void {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.bytes -= entry.bytes;
    const vary = this.varies.get(entry.address);
    if (vary && --vary.entries === 0) this.varies.delete(entry.address);
  }

  /** Drops the least recently used entries until the bytes kept are within the limit. */
  private evict(): void {
    for (const entry of this.entries.values()) {
      if (this.bytes <= this.maxBytes) return;
      this.drop(entry);
    }
  }
}
