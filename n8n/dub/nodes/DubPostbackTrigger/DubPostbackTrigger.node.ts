import {
  NodeConnectionTypes,
  type IHookFunctions,
  type INodePropertyOptions,
  type INodeType,
  type INodeTypeDescription,
  type IWebhookFunctions,
  type IWebhookResponseData,
} from 'n8n-workflow';
import { dubPostbackEvents, dubPostbackService } from '../../../../shared';
import { deliveryOptionsProperty } from '../../../common/delivery-options';
import { TRIGGER_NODE_VERSION } from '../../../common/node-version';
import { receiveDelivery } from '../../../common/receive-delivery';
import { forgetRecentDeliveries } from '../../../common/redelivery-memory';
import { signingSecretOf, testSigningSecret } from '../DubTrigger/signing-secret';

const eventOptions: INodePropertyOptions[] = Object.values(dubPostbackEvents).map((entry) => ({
  name: entry.label.replace(' (Partner Postback)', ''),
  value: entry.event,
  description: entry.description,
}));

/**
 * For partners in a Dub program: Dub posts their own referrals' leads, sales and commissions to a URL they paste
 * into the partner dashboard (Profile → Postbacks). Postbacks are not in Dub's public API, so nothing is registered:
 * the partner copies this node's URL into Dub and its secret into a credential.
 */
export class DubPostbackTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Dub Partner Postback Trigger',
    name: 'dubPostbackTrigger',
    icon: { light: 'file:../../icons/dub.svg', dark: 'file:../../icons/dub.dark.svg' },
    group: ['trigger'],
    version: TRIGGER_NODE_VERSION,
    subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
    description: 'Starts the workflow when Dub posts a partner postback: your referred leads, sales and commissions',
    defaults: { name: 'Dub Partner Postback Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'dubSigningSecretApi', required: true, testedBy: 'testPostbackSecret' }],
    webhooks: [
      {
        name: 'default',
        httpMethod: 'POST',
        // Answered at once: the postback's outcome changes nothing in Dub but its retries.
        responseMode: 'onReceived',
        responseData: 'noData',
        path: 'webhook',
      },
    ],
    properties: [
      {
        displayName:
          "In Dub's partner dashboard (Profile → Postbacks → Add Postback), paste this node's Production URL (shown under Webhook URLs above), choose the events, and put the secret Dub then shows (pbsec_…) in a Dub Signing Secret credential, chosen above.",
        name: 'setupNotice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        options: eventOptions,
        default: ['lead.created', 'sale.created', 'commission.created'],
        description: 'The postback events that start the workflow; others Dub posts here are answered and ignored',
      },
      deliveryOptionsProperty,
    ],
  };

  methods = {
    credentialTest: {
      testPostbackSecret: testSigningSecret('postback'),
    },
  };

  /**
   * Nothing to register: postbacks are not in Dub's public API, and the partner adds this node's URL in Dub's partner
   * dashboard. n8n calls these on activation and deactivation all the same.
   */
  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return true;
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return true;
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        // The redelivery memory belongs to this activation, as the Dub Trigger's does.
        forgetRecentDeliveries(this);
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const secret = await signingSecretOf(this);
    const chosen = this.getNodeParameter('events', []);
    const events = new Set(Array.isArray(chosen) ? chosen.filter((event): event is string => typeof event === 'string') : []);
    return receiveDelivery(this, {
      service: dubPostbackService,
      kept: secret === undefined ? undefined : { secret },
      isWanted: (event) => events.has(event),
    });
  }
}
