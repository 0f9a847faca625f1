import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { dubCatalogue } from '../../../../shared';
import { deliveryOptionsProperty } from '../../../common/delivery-options';
import { DEFAULT_RESPONSE_MODE, RESPONSE_MODE_PARAMETER } from './response-mode';
import { DUB_TRIGGER_VERSIONS_WITH_SECRET_FIELD } from './version';

/** The one event whose answer means something to Dub: an external payout is completed or failed by it. */
const PAYOUT_EVENT = 'payout.confirmed';

/** Every Dub event, straight from the catalogue: a new catalogue entry appears here with no other edit. */
const eventOptions: INodePropertyOptions[] = Object.values(dubCatalogue)
  .map((entry) => ({ name: entry.label, value: entry.event, description: entry.description }))
  .sort((a, b) => a.name.localeCompare(b.name));

/**
 * Manual registration is the third Authentication choice, not a setting of its own: n8n's editor hides any node
 * parameter that a credential's displayOptions depend on unless the authentication field offers 'none', so a
 * separate Registration setting could never be reached.
 */
const automatic = { authentication: ['oAuth2', 'apiKey'] };
const manual = { authentication: ['none'] };
const manualWithSecretField = { ...manual, '@version': DUB_TRIGGER_VERSIONS_WITH_SECRET_FIELD };
const clickScope = { ...automatic, events: ['link.clicked'] };

export const dubTriggerProperties: INodeProperties[] = [
  {
    displayName: 'Authentication',
    name: 'authentication',
    type: 'options',
    options: [
      {
        name: 'OAuth2',
        value: 'oAuth2',
        description: 'The node adds its webhook to Dub on activation and removes it on deactivation, through a Dub OAuth app',
      },
      {
        name: 'API Key',
        value: 'apiKey',
        description: 'The same, with a Restricted key with Webhooks: Write (only a workspace owner can make one); other keys cannot manage webhooks',
      },
      {
        name: 'None (Add the Webhook in Dub Yourself)',
        value: 'none',
        description: "You add the node's URL as a webhook in Dub's dashboard and keep its signing secret in a Dub Signing Secret credential: no Dub connection needed",
      },
    ],
    default: 'oAuth2',
  },
  {
    displayName:
      "In Dub's dashboard (Settings → Webhooks), add a webhook whose URL is this node's Production URL (shown under Webhook URLs above) with the events chosen below, then put the signing secret Dub shows (whsec_…) in a Dub Signing Secret credential, chosen above.",
    name: 'manualNotice',
    type: 'notice',
    default: '',
    displayOptions: { show: manual },
  },
  {
    displayName:
      "This node keeps the signing secret in the workflow, so it is in every export and copy of it. To move it: create a Dub Signing Secret credential holding the same secret, choose it above, then empty the Signing Secret field. The credential is used whenever one is chosen; the webhook URL does not change.",
    name: 'secretFieldNotice',
    type: 'notice',
    default: '',
    displayOptions: { show: manualWithSecretField },
  },
  {
    // Only nodes made before version 1.2 have this field: n8n saves it in clear text in the workflow's JSON.
    displayName: 'Signing Secret (Move It to a Credential)',
    name: 'signingSecret',
    type: 'string',
    typeOptions: { password: true },
    default: '',
    placeholder: 'whsec_...',
    description: 'The secret Dub shows for the webhook, as older versions of this node kept it; used only when no Dub Signing Secret credential is chosen',
    displayOptions: { show: manualWithSecretField },
  },
  {
    displayName: 'Events',
    name: 'events',
    type: 'multiOptions',
    options: eventOptions,
    default: [],
    required: true,
    description: 'The Dub events that start the workflow',
  },
  {
    displayName: 'Respond',
    name: RESPONSE_MODE_PARAMETER,
    type: 'options',
    options: [
      {
        name: 'Immediately',
        value: 'onReceived',
        description:
          'Answer Dub as soon as the delivery is verified, before the workflow runs: Dub marks the payout completed whatever the workflow then does',
      },
      {
        name: 'When the Workflow Finishes',
        value: 'lastNode',
        description:
          "Answer Dub once the workflow has run: 200 when it succeeded, 500 when it failed. Dub retries a failed delivery (12 s, 2.5 min, 30 min, 6 h and 24 h later) and marks the payout failed once every retry failed. Each failed attempt counts toward Dub's limit of 20 failures in a row, which disables the webhook for every event of this node: about four payouts failing in a row are enough.",
      },
    ],
    default: DEFAULT_RESPONSE_MODE,
    description:
      'When this node answers Dub, and so whether Dub marks an external payout completed or failed. Offered for Payout Confirmed only: for other events, answering late only makes Dub run the workflow again. Give payouts a Dub Trigger of their own, so that failing payouts cannot disable the webhook of other events.',
    displayOptions: { show: { events: [PAYOUT_EVENT] } },
  },
  {
    displayName:
      "Dub marks an external payout completed as soon as it gets this node's answer. Set Respond to When the Workflow Finishes so that a workflow that fails to pay tells Dub, and Dub retries and finally marks the payout failed.",
    name: 'payoutNotice',
    type: 'notice',
    default: '',
    displayOptions: { show: { events: [PAYOUT_EVENT], responseMode: ['onReceived'] } },
  },
  {
    displayName:
      "Each failed payout attempt counts toward Dub's limit of 20 failures in a row, which disables this node's webhook for all its events (about four payouts failing in a row are enough). Use a Dub Trigger with Payout Confirmed alone.",
    name: 'payoutSharedHookNotice',
    type: 'notice',
    default: '',
    displayOptions: { show: { events: [PAYOUT_EVENT], responseMode: ['lastNode'] } },
  },
  {
    displayName: 'Clicks On',
    name: 'linkScope',
    type: 'options',
    options: [
      { name: 'All Links in the Workspace', value: 'workspace' },
      { name: 'Links in Some Folders', value: 'folders' },
      { name: 'Some Links', value: 'links' },
    ],
    default: 'workspace',
    description: 'Which clicks Link Clicked reports',
    displayOptions: { show: clickScope },
  },
  {
    displayName: 'Folders',
    name: 'folders',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add folder',
    default: {},
    displayOptions: { show: { ...clickScope, linkScope: ['folders'] } },
    options: [
      {
        displayName: 'Folder',
        name: 'folder',
        values: [
          {
            displayName: 'Folder',
            name: 'id',
            type: 'resourceLocator',
            default: { mode: 'list', value: '' },
            modes: [
              {
                displayName: 'From List',
                name: 'list',
                type: 'list',
                typeOptions: { searchListMethod: 'searchFolders', searchable: true },
              },
              { displayName: 'ID', name: 'id', type: 'string', placeholder: 'fold_...' },
            ],
          },
        ],
      },
    ],
  },
  {
    displayName: 'Links',
    name: 'links',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add link',
    default: {},
    displayOptions: { show: { ...clickScope, linkScope: ['links'] } },
    options: [
      {
        displayName: 'Link',
        name: 'link',
        values: [
          {
            displayName: 'Link',
            name: 'id',
            type: 'resourceLocator',
            default: { mode: 'list', value: '' },
            modes: [
              {
                displayName: 'From List',
                name: 'list',
                type: 'list',
                typeOptions: { searchListMethod: 'searchLinks', searchable: true },
              },
              { displayName: 'ID', name: 'id', type: 'string', placeholder: 'link_...' },
            ],
          },
        ],
      },
    ],
  },
  deliveryOptionsProperty,
];
