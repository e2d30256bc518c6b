import type { Feed as FeedClass, Item } from 'feed' with { 'resolution-mode': 'import' };

/**
 * `feed` ships ES modules only. Node loads those through require(), jest transforms the package
 * (see jest.config.js); the type comes from the package itself.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Feed } = require('feed') as { Feed: typeof FeedClass };

export { Feed };
export type FeedItem = Item;
