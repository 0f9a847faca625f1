/**
 * The forms of Dub's credentials, for masking them wherever they could be quoted: workspace API keys (`dub_` and 24
 * letters and digits), OAuth access tokens (`dub_access_token_` and hex) and OAuth client secrets (`dub_app_secret_`
 * and hex), as Dub's code mints them (dubinc/dub, apps/web/lib/api/oauth/constants.ts). Dub's refresh tokens are bare
 * hex, with no form of their own: they are masked by their field's name and by value.
 */
export const DUB_CREDENTIAL = /\bdub_[A-Za-z0-9_]{16,}/g;
