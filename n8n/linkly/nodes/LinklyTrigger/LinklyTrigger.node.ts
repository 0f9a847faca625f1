import {
  NodeConnectionTypes,
  type IHookFunctions,
  type ILoadOptionsFunctions,
  type INodeListSearchResult,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { TRIGGER_NODE_VERSION, TRIGGER_NODE_VERSIONS } from '../../../common/node-version';
import { createLinklyHook, deleteLinklyHook, linklyHookExists } from './lifecycle';
import { linklyTriggerProperties } from './properties';
import { receiveLinklyDelivery } from './receive';
import { searchLinklyLinks } from './search';

export class LinklyTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Linkly Trigger',
    name: 'linklyTrigger',
    icon: { light: 'file:../../icons/linkly.svg', dark: 'file:../../icons/linkly.dark.svg' },
    group: ['trigger'],
    version: TRIGGER_NODE_VERSIONS,
    defaultVersion: TRIGGER_NODE_VERSION,
    subtitle: '={{ ($parameter["events"] || ["click"]).join(", ") }}',
    description: 'Starts the workflow when someone clicks a Linkly link, or a link is created, updated or deleted',
    defaults: { name: 'Linkly Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'linklyApi', required: true }],
    webhooks: [
      {
        name: 'default',
        httpMethod: 'POST',
        responseMode: 'onReceived',
        path: 'webhook',
      },
    ],
    properties: linklyTriggerProperties,
  };

  methods = {
    listSearch: {
      async searchLinks(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
        return await searchLinklyLinks(this, filter);
      },
    },
  };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return await linklyHookExists(this);
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return await createLinklyHook(this);
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return await deleteLinklyHook(this);
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return receiveLinklyDelivery(this);
  }
}
