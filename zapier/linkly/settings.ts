import { LINKLY_API_BASE_URL } from '../../shared';

/** Where the app talks to Linkly, from the app's environment at call time; the default is the real service. */
export function linklyApiBaseUrl(): string {
  return process.env.LINKLY_API_BASE_URL?.trim() || LINKLY_API_BASE_URL;
}
