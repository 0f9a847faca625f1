import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class DubApi implements ICredentialType {
  name = 'dubApi';

  displayName = 'Dub API';

  icon = { light: 'file:../icons/dub.svg', dark: 'file:../icons/dub.dark.svg' } as const;

  documentationUrl = 'https://dub.co/docs/api-reference/tokens';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description:
        "A key from Dub's dashboard (Settings → API Keys). Such keys cannot manage webhooks: use the Dub Trigger's Manual registration with it, or connect with OAuth2.",
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
