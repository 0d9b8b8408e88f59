// How a call of the single-page app maps onto a service (`/api/<service>/<path>` on the console's
// own origin), and how a service's `Link` header is rewritten so the app can follow it there.
// Plain TypeScript: the HTTP server in app/ uses it, the spec beside it checks it.

/** The API path of a browser request split into the service it names and the path on that service. */
export function apiTarget<S extends string>(url: string, services: readonly S[]): { service: S; path: string } | undefined {
  const match = /^\/api\/([a-z-]+)(\/[^#]*)?$/.exec(url);
  if (!match) return undefined;
  const service = services.find((s) => s === match[1]);
  if (service === undefined) return undefined;
  return { service, path: match[2] ?? '/' };
}

/**
 * A service's `Link` header (RFC 8288) with each relative target (`</approvals?after=...>`) put
 * under the console's pass-through for that service; absolute targets are left as they are.
 */
export function rewriteLink(header: string, service: string): string {
  return header.replace(/<(\/[^>]*)>/g, (_, target: string) => `</api/${service}${target}>`);
}
