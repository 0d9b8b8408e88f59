// A tiny OTLP/HTTP trace receiver inside the bench process, so the tracing-on run exports for real
// (over HTTP, through each service's batch span processor) without Docker: it answers every export
// with 200 and counts requests, bytes and spans (span ids in JSON bodies; bytes only for protobuf).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const SPAN_ID = Buffer.from('"spanId"');

interface Counts {
  requests: number;
  bytes: number;
  spans: number;
}

export class OtlpSink {
  private constructor(
    private readonly server: Server,
    private readonly counts: Counts,
    readonly endpoint: string,
  ) {}

  get requests(): number {
    return this.counts.requests;
  }

  get bytes(): number {
    return this.counts.bytes;
  }

  get spans(): number {
    return this.counts.spans;
  }

  static async start(): Promise<OtlpSink> {
    const counts: Counts = { requests: 0, bytes: 0, spans: 0 };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        counts.requests++;
        counts.bytes += body.length;
        if ((req.headers['content-type'] ?? '').includes('json')) counts.spans += countOf(body, SPAN_ID);
        res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
        res.end((req.headers['content-type'] ?? '').includes('json') ? '{}' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new OtlpSink(server, counts, `http://127.0.0.1:${port}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function countOf(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
