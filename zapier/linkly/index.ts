import { version as platformVersion, type App, type Trigger } from 'zapier-platform-core';
import { APP_FLAGS } from '../common/app-flags';
import { APP_VERSION } from '../common/app-version';
import { linklyAuthentication } from './authentication';
import { linklyTriggers } from './triggers';

/** The Linkly app, as Zapier loads it from the deployed folder's index.js. */
const app: App<Record<string, Trigger>> = {
  version: APP_VERSION,
  platformVersion,
  flags: APP_FLAGS,
  authentication: linklyAuthentication,
  triggers: linklyTriggers(),
};

export = app;
