import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class LinklyApi implements ICredentialType {
  name = 'linklyApi';

  displayName = 'Linkly API';

  icon = { light: 'file:../icons/linkly.svg', dark: 'file:../icons/linkly.dark.svg' } as const;

  documentationUrl = 'https://linklyhq.com/support/api';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: "The key on Linkly's API settings page",
    },
    {
      displayName: 'Workspace ID',
      name: 'workspaceId',
      type: 'string',
      default: '',
      required: true,
      description: "The number shown beside the key on Linkly's API settings page",
    },
    {
      displayName: 'API Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.linklyhq.com/api/v1',
      description: "Linkly's API. Change it only to point at a test server.",
    },
  ];

  // Bearer, as Linkly's public API and its own integrations of 2026 use it.
  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Authorization: '=Bearer {{$credentials.apiKey}}',
      },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '/workspaces',
    },
  };
}
