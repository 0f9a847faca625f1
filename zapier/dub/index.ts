import { version as platformVersion, type App, type Trigger } from 'zapier-platform-core';
import { APP_FLAGS } from '../common/app-flags';
import { APP_VERSION } from '../common/app-version';
import { dubAuthentication } from './authentication';
import { dubTriggers } from './triggers';

/** The Dub app, as Zapier loads it from the deployed folder's index.js. */
const app: App<Record<string, Trigger>> = {
  version: APP_VERSION,
  platformVersion,
  flags: APP_FLAGS,
  authentication: dubAuthentication,
  triggers: dubTriggers(),
};

export = app;
