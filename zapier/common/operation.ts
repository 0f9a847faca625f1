import type { Bundle, ZObject } from 'zapier-platform-core';

/** Any function Zapier calls on an app: a perform, subscribe, auth test, dropdown list… */
export type Operation<R> = (z: ZObject, bundle: Bundle) => Promise<R>;
