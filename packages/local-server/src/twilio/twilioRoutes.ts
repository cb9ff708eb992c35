import { configurationRoutes } from './configurationRoutes.js';
import { conversationRoutes } from './conversationRoutes.js';
import { memberRoutes } from './memberRoutes.js';
import { messageRoutes } from './messageRoutes.js';
import { syncRoutes } from './syncRoutes.js';
import type { Route } from './upstream.js';

/** Every request the SDKs tunnel through twilsock: the REST API (`apiUri`) and Sync (`cdsUri`). */
export const twilioRoutes: readonly Route[] = [
  ...configurationRoutes,
  ...conversationRoutes,
  ...memberRoutes,
  ...messageRoutes,
  ...syncRoutes,
];
