import type {
  ICredentialsDecrypted,
  ICredentialTestFunctions,
  IHookFunctions,
  INodeCredentialTestResult,
  IWebhookFunctions,
} from 'n8n-workflow';

/** The credential type both Dub nodes read a pasted signing secret from. */
export const DUB_SIGNING_SECRET_CREDENTIAL = 'dubSigningSecretApi';

/** What Dub's secrets look like: a prefix and 16 random bytes in hex (whsec_ for webhooks, pbsec_ for postbacks). */
const SECRET_FORMS: Record<'webhook' | 'postback', RegExp> = {
  webhook: /^whsec_[0-9a-f]{32}$/,
  postback: /^pbsec_[0-9a-f]{32}$/,
};

/** Whether a hand-added hook's secret is there to read: a chosen credential, or an older node's filled field. */
export function hasPastedSecret(context: IHookFunctions): boolean {
  if (context.getNode().credentials?.[DUB_SIGNING_SECRET_CREDENTIAL]) return true;
  const field = context.getNodeParameter('signingSecret', '');
  return typeof field === 'string' && field.trim() !== '';
}

/**
 * The pasted secret, trimmed (a copy from the dashboard may carry spaces); undefined when the node has no such
 * credential chosen (asked of the node first, so an older node that still uses its field pays no failed lookup).
 */
export async function signingSecretOf(context: IWebhookFunctions): Promise<string | undefined> {
  if (!context.getNode().credentials?.[DUB_SIGNING_SECRET_CREDENTIAL]) return undefined;
  let credential: { secret?: unknown } | undefined;
  try {
    credential = (await context.getCredentials(DUB_SIGNING_SECRET_CREDENTIAL)) as { secret?: unknown };
  } catch {
    // Chosen but unreadable (deleted since): the caller refuses the delivery and says what to do.
    return undefined;
  }
  const secret = typeof credential?.secret === 'string' ? credential.secret.trim() : '';
  return secret === '' ? undefined : secret;
}

/**
 * The credential test (n8n's "Test" button): the secret's form only, as no Dub call can check it. A secret of the
 * other kind is accepted with a warning in the message, since Dub may change its forms.
 */
export function testSigningSecret(kind: 'webhook' | 'postback') {
  return async function (this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
    const secret = typeof credential.data?.['secret'] === 'string' ? credential.data['secret'].trim() : '';
    if (secret === '') return { status: 'Error', message: 'Paste the signing secret Dub shows.' };
    if (SECRET_FORMS[kind].test(secret)) return { status: 'OK', message: 'The secret has the form Dub gives it.' };
    const expected = kind === 'webhook' ? 'whsec_' : 'pbsec_';
    return {
      status: 'Error',
      message: `Dub's ${kind} secrets start with ${expected} and 32 hex digits; this one does not (${secret.startsWith('pbsec_') ? 'it is a postback secret' : secret.startsWith('whsec_') ? 'it is a webhook secret' : 'check what was copied'}).`,
    };
  };
}
