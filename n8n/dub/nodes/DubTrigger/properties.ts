import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { dubCatalogue } from '../../../../shared';
import { deliveryOptionsProperty } from '../../../common/delivery-options';

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
        description: "You add the node's URL as a webhook in Dub's dashboard and paste its signing secret here: no Dub connection needed",
      },
    ],
    default: 'oAuth2',
  },
  {
    displayName:
      "In Dub's dashboard (Settings → Webhooks), add a webhook whose URL is this node's Production URL (shown under Webhook URLs above) with the events chosen below, then paste the signing secret Dub shows.",
    name: 'manualNotice',
    type: 'notice',
    default: '',
    displayOptions: { show: manual },
  },
  {
    displayName: 'Signing Secret',
    name: 'signingSecret',
    type: 'string',
    typeOptions: { password: true },
    default: '',
    required: true,
    placeholder: 'whsec_...',
    description: 'The secret Dub shows for the webhook; deliveries not signed with it are refused',
    displayOptions: { show: manual },
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
    name: 'responseMode',
    type: 'options',
    options: [
      {
        name: 'Immediately',
        value: 'onReceived',
        description:
          'Answer Dub as soon as the delivery is verified, before the workflow runs: Dub counts the event delivered, and marks an external payout completed, whatever the workflow then does',
      },
      {
        name: 'When the Workflow Finishes',
        value: 'lastNode',
        description:
          'Answer Dub once the workflow has run: 200 when it succeeded, 500 when it failed. Dub retries a failed event (12 s, 2.5 min, 30 min, 6 h and 24 h later) and marks an external payout failed once every retry failed.',
      },
    ],
    default: 'onReceived',
    description: "When this node answers Dub's delivery, and so what Dub records about it",
  },
  {
    displayName:
      "Dub marks an external payout completed as soon as it gets this node's answer. Set Respond to When the Workflow Finishes so that a workflow that fails to pay tells Dub, and Dub retries and finally marks the payout failed.",
    name: 'payoutNotice',
    type: 'notice',
    default: '',
    displayOptions: { show: { events: ['payout.confirmed'], responseMode: ['onReceived'] } },
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
