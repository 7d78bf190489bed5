import type { HttpChannel } from '../server/http-server.js';
import type { ConversationHub } from './conversation-hub.js';
import { DEFAULT_CREATION_LIMITS } from './creation-limit.js';
import { DirectLineRoutes, type DirectLineRouteOptions } from './directline-routes.js';
import { WebPages } from './web-pages.js';

export interface WebChannelOptions extends Omit<DirectLineRouteOptions, 'hub' | 'maxBodyBytes'> {
  hub: ConversationHub;
  /** Largest request body on any route (the server's limit). */
  maxBodyBytes: number;
  /** Origins allowed to frame /chat; `*` by default. */
  embedOrigins?: string;
}

/** The web chat as a channel of the server: Direct Line routes, its stream upgrade, and the pages. */
export interface WebChannel extends HttpChannel {
  /** Where a stranger should look, for the server's 404. */
  notFoundHint: string;
}

export function createWebChannel(options: WebChannelOptions): WebChannel {
  const { hub, embedOrigins, ...directLineOptions } = options;
  const directLine = new DirectLineRoutes({
    ...directLineOptions,
    hub,
    conversationsPerAddress: options.conversationsPerAddress ?? DEFAULT_CREATION_LIMITS.perAddress,
    trustProxy: options.trustProxy ?? DEFAULT_CREATION_LIMITS.trustProxy,
  });
  const pages = new WebPages(embedOrigins ? { embedOrigins } : {});
  return {
    routes: [...directLine.routes(), ...pages.routes(options.maxBodyBytes)],
    upgrades: directLine.upgrades(),
    notFoundHint: WebPages.notFoundHint,
    async close() {
      // Streams end first; then running turns finish and answer their POSTs.
      directLine.close();
      await hub.close();
    },
  };
}
