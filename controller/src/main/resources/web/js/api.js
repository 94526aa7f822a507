// The only module that talks to the server: the session endpoints and the ConsoleService over
// gRPC-Web with JSON payloads (the same service, roles, limits and audit as the CLI).

const SERVICE = '/autoservice.v1.ConsoleService/';

const CODE_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND',
  'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED',
  'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

/** A refusal or failure: code is a gRPC status name, httpStatus the HTTP status (0 if none). */
export class ApiError extends Error {
  constructor(code, message, httpStatus = 0) {
    super(message || code);
    this.name = 'ApiError';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

// Kept in memory only: the session cookie is HttpOnly and the CSRF token is re-read on load.
let csrf = '';

function signedOut() {
  csrf = '';
  window.dispatchEvent(new Event('as-signed-out'));
}

function fail(error) {
  if (error.code === 'UNAUTHENTICATED') signedOut();
  throw error;
}

function codeOfHttp(status) {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RESOURCE_EXHAUSTED';
  if (status >= 400 && status < 500) return 'INVALID_ARGUMENT';
  if (status === 503 || status === 502 || status === 504) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/** The error a non-2xx HTTP answer means, with the server's {"error": "..."} text if it sent one. */
async function httpError(res) {
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: the status line says enough
  }
  const grpc = res.headers.get('grpc-status');
  const code = grpc !== null ? codeName(grpc) : codeOfHttp(res.status);
  return new ApiError(code, res.headers.get('grpc-message') ? decodeMessage(res.headers.get('grpc-message')) : message, res.status);
}

function codeName(number) {
  return CODE_NAMES[Number(number)] || 'UNKNOWN';
}

function decodeMessage(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function networkError(e) {
  return new ApiError('UNAVAILABLE', `cannot reach the controller (${e.message})`, 0);
}

/** One gRPC-Web frame: flag 0, 4-byte big-endian length, the JSON message. */
export function encodeFrame(message) {
  const body = new TextEncoder().encode(JSON.stringify(message || {}));
  const frame = new Uint8Array(5 + body.length);
  new DataView(frame.buffer).setUint32(1, body.length);
  frame.set(body, 5);
  return frame;
}

/**
 * Reassembles gRPC-Web frames from a byte stream cut anywhere: push() each chunk, get back the
 * frames it completed as {trailer: boolean, text: string}. Chunks are kept as they come and joined
 * once per frame: joining on every chunk copied a big message over and over (a 1 MB snapshot in
 * 16 KB chunks took about a quarter of a second).
 */
export class FrameReader {
  constructor() {
    this.chunks = [];
    this.size = 0;
    this.decoder = new TextDecoder();
  }

  push(chunk) {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    const frames = [];
    while (this.size >= 5) {
      const head = this.bytes(5, false);
      const length = new DataView(head.buffer, head.byteOffset, 5).getUint32(1);
      if (this.size - 5 < length) break;
      const frame = this.bytes(5 + length, true);
      frames.push({ trailer: (head[0] & 0x80) !== 0, text: this.decoder.decode(frame.subarray(5)) });
    }
    return frames;
  }

  /** The first n buffered bytes (n <= size), removed from the buffer when consume is true. */
  bytes(n, consume) {
    const first = this.chunks[0];
    let out;
    if (first.length >= n) {
      out = first.subarray(0, n);
    } else {
      out = new Uint8Array(n);
      let at = 0;
      for (const c of this.chunks) {
        const part = c.subarray(0, Math.min(c.length, n - at));
        out.set(part, at);
        at += part.length;
        if (at === n) break;
      }
    }
    if (consume) {
      // Whole chunks dropped in one splice: shifting them one by one is quadratic in their number.
      let left = n;
      let used = 0;
      while (left > 0 && this.chunks[used].length <= left) {
        left -= this.chunks[used].length;
        used++;
      }
      this.chunks.splice(0, used);
      if (left > 0) this.chunks[0] = this.chunks[0].subarray(left);
      this.size -= n;
    }
    return out;
  }

  /** Bytes of an incomplete frame left over. */
  get pending() {
    return this.size;
  }
}

/** Trailer lines "grpc-status: 0\r\ngrpc-message: ..." as an ApiError, or null when OK. */
export function trailerError(text, httpStatus) {
  const fields = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = fields['grpc-status'] ?? '0';
  if (status === '0') return null;
  return new ApiError(codeName(status), decodeMessage(fields['grpc-message'] || ''), httpStatus);
}

function grpcHeaders() {
  return {
    'content-type': 'application/grpc-web+json',
    'x-grpc-web': '1',
    'X-CSRF-Token': csrf,
  };
}

/** The error an immediate gRPC answer carries in its headers, or null. */
function headerError(res) {
  const status = res.headers.get('grpc-status');
  if (status === null || status === '0') return null;
  return new ApiError(codeName(status), decodeMessage(res.headers.get('grpc-message') || ''), res.status);
}

function parseMessage(text) {
  return text ? JSON.parse(text) : {};
}

/** Calls a unary ConsoleService method; resolves with the response message. */
export async function call(method, request = {}) {
  let res;
  try {
    res = await fetch(SERVICE + method, {
      method: 'POST',
      headers: grpcHeaders(),
      body: encodeFrame(request),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) fail(await httpError(res));
  const early = headerError(res);
  if (early) fail(early);
  const reader = new FrameReader();
  const frames = reader.push(new Uint8Array(await res.arrayBuffer()));
  let message = null;
  for (const f of frames) {
    if (f.trailer) {
      const err = trailerError(f.text, res.status);
      if (err) fail(err);
    } else if (message === null) {
      message = parseMessage(f.text);
    }
  }
  return message || {};
}

/**
 * Opens a server stream. onMessage(message) for each message, then either onEnd() or
 * onError(ApiError). close() stops it without calling either.
 */
export function stream(method, request, { onMessage, onError = () => {}, onEnd = () => {} }) {
  const abort = new AbortController();
  let closed = false;
  const error = (e) => {
    if (closed) return;
    closed = true;
    if (e.code === 'UNAUTHENTICATED') signedOut();
    onError(e);
  };
  (async () => {
    let res;
    try {
      res = await fetch(SERVICE + method, {
        method: 'POST',
        headers: grpcHeaders(),
        body: encodeFrame(request),
        credentials: 'same-origin',
        signal: abort.signal,
      });
    } catch (e) {
      error(networkError(e));
      return;
    }
    if (!res.ok) return error(await httpError(res));
    const early = headerError(res);
    if (early) return error(early);
    const frames = new FrameReader();
    const body = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        for (const f of frames.push(value)) {
          if (closed) return;
          if (f.trailer) {
            const err = trailerError(f.text, res.status);
            if (err) return error(err);
            closed = true;
            onEnd();
            return;
          }
          onMessage(parseMessage(f.text));
        }
      }
    } catch (e) {
      if (!closed) error(e instanceof ApiError ? e : networkError(e));
      return;
    }
    if (!closed) {
      closed = true;
      onEnd();
    }
  })();
  return {
    close() {
      closed = true;
      abort.abort();
    },
  };
}

async function json(path, options = {}) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...options });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) throw await httpError(res);
  return res.status === 204 ? null : res.json();
}

function remember(session) {
  csrf = session.csrf || '';
  return session;
}

/** The signed-in session {user, role, csrf, expiresAt}, or null when not signed in. */
export async function session() {
  try {
    return remember(await json('/api/session'));
  } catch (e) {
    if (e.code === 'UNAUTHENTICATED') {
      csrf = '';
      return null;
    }
    throw e;
  }
}

/** Signs in with {user, password} or {token}; resolves with the session. */
export async function login(credentials) {
  return remember(
    await json('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    }),
  );
}

/** Ends the session on the server. */
export async function logout() {
  try {
    await json('/api/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
  } finally {
    csrf = '';
  }
}

/** The shop's {name, contact, logo}. */
export function shop() {
  return json('/api/shop', { headers: { 'X-CSRF-Token': csrf } }).catch(fail);
}

/** The plan presets {presets: [{id, title, description, plan}]}. */
export function presets() {
  return json('/api/presets', { headers: { 'X-CSRF-Token': csrf } }).catch(fail);
}
