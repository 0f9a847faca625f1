import {
  NodeConnectionTypes,
  type IHookFunctions,
  type ILoadOptionsFunctions,
  type INodeListSearchResult,
  type INodeType,
  type INodeTypeDescription,
  type ITriggerFunctions,
  type ITriggerResponse,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { DUB_TRIGGER_NODE_VERSION, DUB_TRIGGER_NODE_VERSIONS } from './version';
import { createDubHook, deleteDubHook, dubHookExists } from './lifecycle';
import { dubTriggerProperties } from './properties';
import { receiveDubDelivery } from './receive';
import { startDubTrigger } from './recovery';
import { responseModeField } from './response-mode';
import { searchDubFolders, searchDubLinks } from './search';
import { testSigningSecret } from './signing-secret';

export class DubTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Dub Trigger',
    name: 'dubTrigger',
    icon: { light: 'file:../../icons/dub.svg', dark: 'file:../../icons/dub.dark.svg' },
    group: ['trigger'],
    version: DUB_TRIGGER_NODE_VERSIONS,
    defaultVersion: DUB_TRIGGER_NODE_VERSION,
    subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
    description: 'Starts the workflow when Dub reports clicks, leads, sales, link changes or partner program events',
    defaults: { name: 'Dub Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [
      {
        name: 'dubOAuth2Api',
        required: true,
        displayOptions: { show: { authentication: ['oAuth2'] } },
      },
      {
        name: 'dubApi',
        required: true,
        displayOptions: { show: { authentication: ['apiKey'] } },
      },
      {
        // Not required: a node of 1 or 1.1 may still hold the secret in its old field (see properties.ts). Shown for
        // None by hiding it for the other two: n8n's editor moves a field into the credential dialog, out of the
        // node's parameters, once credentials `show` on every one of its values (editor-ui's getMainAuthField), and
        // the Authentication dropdown must stay where a user choosing None can see it.
        name: 'dubSigningSecretApi',
        required: false,
        testedBy: 'testWebhookSecret',
        displayOptions: { hide: { authentication: ['oAuth2', 'apiKey'] } },
      },
    ],
    webhooks: [
      {
        name: 'default',
        httpMethod: 'POST',
        // The user's choice for payouts: at once, or once the workflow has run (so that a failed workflow answers Dub
        // non-2xx). Resolved by n8n without its expression engine where it can (response-mode.ts).
        ...responseModeField(),
        // Dub keeps each answer's body in its delivery log: nothing of the workflow's data goes back to it.
        responseData: 'noData',
        path: 'webhook',
      },
    ],
    properties: dubTriggerProperties,
  };

  methods = {
    credentialTest: {
      testWebhookSecret: testSigningSecret('webhook'),
    },
    listSearch: {
      async searchFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
        return await searchDubFolders(this, filter, paginationToken);
      },
      async searchLinks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
        return await searchDubLinks(this, filter, paginationToken);
      },
    },
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return await dubHookExists(this);
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return await createDubHook(this);
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return await deleteDubHook(this);
      },
    },
  };

  /**
   * Not a second way in: n8n runs it on the leader at every activation and start-up, and it schedules the check that
   * heals the hook and recovers what Dub could not deliver (recovery.ts). Items still come only through webhook().
   */
  async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
    return startDubTrigger(this);
  }

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return receiveDubDelivery(this);
  }
}
