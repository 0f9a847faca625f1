import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Webhook management, plus the reads the trigger's link and folder pickers need. */
const SCOPES = ['webhooks.read', 'webhooks.write', 'links.read', 'folders.read'];

export class DubOAuth2Api implements ICredentialType {
  name = 'dubOAuth2Api';

  extends = ['oAuth2Api'];

  displayName = 'Dub OAuth2 API';

  icon = { light: 'file:../icons/dub.svg', dark: 'file:../icons/dub.dark.svg' } as const;

  documentationUrl = 'https://dub.co/docs/integrations/quickstart';

  properties: INodeProperties[] = [
    {
      // Dub's consent rules (app/api/oauth/authorize/route.ts, can-install-oauth-app.ts), said before anyone meets them.
      displayName:
        "Only a Dub workspace owner can connect: Dub grants Webhooks: Write to owners only (others see \"You don't have the permission to install this integration.\"), and an owner who is later demoted loses it. Until Dub has verified your OAuth app, only its developer or the developer's workspace can install it. Everyone else: use a Restricted API key with Webhooks: Write, or the trigger's Authentication: None.",
      name: 'ownerOnlyNotice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Grant Type',
      name: 'grantType',
      type: 'hidden',
      default: 'authorizationCode',
    },
    {
      displayName: 'Authorization URL',
      name: 'authUrl',
      type: 'string',
      default: 'https://app.dub.co/oauth/authorize',
      required: true,
      description: "Dub's consent page. Change it only to point at a test server.",
    },
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'string',
      default: 'https://api.dub.co/oauth/token',
      required: true,
      description: "Dub's token endpoint. Change it only to point at a test server.",
    },
    {
      displayName: 'API Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://api.dub.co',
      description: "Dub's API. Change it only to point at a test server.",
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'hidden',
      default: SCOPES.join(' '),
    },
    {
      displayName: 'Auth URI Query Parameters',
      name: 'authQueryParameters',
      type: 'hidden',
      default: '',
    },
    {
      displayName: 'Authentication',
      name: 'authentication',
      type: 'hidden',
      default: 'body',
    },
  ];

  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '/links',
      qs: { pageSize: 1 },
    },
  };
}
