import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class DubApi implements ICredentialType {
  name = 'dubApi';

  displayName = 'Dub API';

  icon = { light: 'file:../icons/dub.svg', dark: 'file:../icons/dub.dark.svg' } as const;

  documentationUrl = 'https://dub.co/docs/api-reference/tokens';

  properties: INodeProperties[] = [
    {
      // Mirrors the core's DUB_WEBHOOK_ACCESS_HELP; n8n's lint reads credential descriptions as literals.
      displayName:
        'To let the Dub Trigger register its webhook, the key must be a Restricted key with Webhooks: Write (Dub: Settings → API Keys → Create → Restricted; only a workspace owner can make one). "All access" and "Read only" keys cannot manage webhooks: connect with Dub OAuth2 instead, or add the webhook in Dub yourself (the trigger\'s Authentication: None).',
      name: 'webhookAccessNotice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description:
        "A workspace API key from Dub's dashboard (Settings → API Keys), starting with dub_",
    },
    {
      displayName: 'API Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.dub.co',
      description: "Dub's API. Change it only to point at a test server.",
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '/links',
      qs: { pageSize: 1 },
    },
  };
}
