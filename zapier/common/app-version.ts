import { version } from '../../package.json';

/** Both apps carry the repo's version: Zapier needs one per push, and the build writes it into each package.json. */
export const APP_VERSION: string = version;
