import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * Bytes on the wire for what the `ws` client and fetch refuse to send: malformed
 * WebSocket frames, odd Host headers, endless bodies.
 */

export interface FrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  mask?: boolean;
  /** Declares this payload length instead of the real one (only the header is sent). */
  declaredLength?: bigint;
}

/** A client→server frame; masked unless told otherwise, as RFC 6455 requires of clients. */
export function clientFrame(opcode: number, payload: Buffer | string = Buffer.alloc(0), options: FrameOptions = {}): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const mask = options.mask ?? true;
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | opcode;
  const maskBit = mask ? 0x80 : 0;
  let head: Buffer;
  if (options.declaredLength !== undefined) {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(options.declaredLength, 2);
  } else if (body.length > 0xffff) {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = maskBit | 127;
    head.writeBigUInt64BE(BigInt(body.length), 2);
  } else if (body.length > 125) {
    head = Buffer.alloc(4);
    head[0] = first;
    head[1] = maskBit | 126;
    head.writeUInt16BE(body.length, 2);
  } else {
    head = Buffer.from([first, maskBit | body.length]);
  }
  if (!mask) return Buffer.concat([head, body]);
  const key = randomBytes(4);
  const masked = Buffer.from(body);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([head, key, masked]);
}

export interface RawStream {
  socket: Socket;
  /** Resolves with the status code of the server's close frame (0 if none came) once the socket has closed. */
  closed: Promise<{ closeCode: number }>;
}

/** WebSocket handshake on a plain TCP socket; rejects unless the server answers 101. */
export async function openRawStream(streamUrl: string): Promise<RawStream> {
  const url = new URL(streamUrl);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  let received = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'))?.[1];
      if (status !== '101') reject(new Error(`handshake answered ${status ?? 'garbage'}`));
      else resolve();
      received = received.subarray(end + 4);
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed during the handshake')));
  });
  const closed = new Promise<{ closeCode: number }>((resolve) => {
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.once('close', () => resolve({ closeCode: closeCodeIn(received) }));
  });
  return { socket, closed };
}

/** The status code of the first close frame among unmasked server frames; 0 if there is none. */
function closeCodeIn(bytes: Buffer): number {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let headLength = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      headLength = 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      headLength = 10;
    }
    if (opcode === 8) return length >= 2 ? bytes.readUInt16BE(at + headLength) : 1005;
    at += headLength + length;
  }
  return 0;
}

/** One raw HTTP request; resolves the status line's code, or 0 when the connection closed without an answer. */
export async function rawRequest(port: number, head: string, body = ''): Promise<{ status: number; text: string; head: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\n\r\n${body}`));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      const end = received.indexOf('\r\n\r\n');
      resolve({ status, text: received.slice(end + 4), head: end < 0 ? received : received.slice(0, end) });
    });
  });
}

/**
 * POSTs `totalBytes` of filler in 64 KiB chunks without waiting for them to be
 * read, and resolves with the status as soon as the server answers (0 if it
 * never did) and how many bytes had been written by then.
 */
export async function streamBody(
  url: string,
  totalBytes: number,
  headers: Record<string, string>,
): Promise<{ status: number; bytesWritten: number }> {
  return new Promise((resolve) => {
    let written = 0;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ status, bytesWritten: written });
      req.destroy();
    };
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on('error', () => finish(0));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!done && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}
