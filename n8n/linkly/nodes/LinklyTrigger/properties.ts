import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { linklyCatalogue } from '../../../../shared';
import { deliveryOptionsProperty } from '../../../common/delivery-options';

/** Every Linkly event, straight from the catalogue: a new catalogue entry appears here with no other edit. */
const eventOptions: INodePropertyOptions[] = Object.values(linklyCatalogue).map((entry) => ({
  name: entry.label,
  value: entry.event,
  description: entry.description,
}));

export const linklyTriggerProperties: INodeProperties[] = [
  {
    displayName: 'Events',
    name: 'events',
    type: 'multiOptions',
    options: eventOptions,
    // A workflow saved before link events existed has no Events: it keeps listening to clicks.
    default: ['click'],
    required: true,
    description: 'The Linkly events that start the workflow. Linkly posts them all to the same webhook; the others are answered and ignored.',
  },
  {
    displayName: 'Clicks On',
    name: 'scope',
    type: 'options',
    options: [
      { name: 'All Links in the Workspace', value: 'workspace' },
      { name: 'One Link', value: 'link' },
    ],
    default: 'workspace',
    description: 'Which clicks start the workflow. Link events come through the whole workspace only.',
    displayOptions: { show: { events: ['click'] } },
  },
  {
    displayName: 'Link',
    name: 'link',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    displayOptions: { show: { scope: ['link'], events: ['click'] } },
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        typeOptions: { searchListMethod: 'searchLinks', searchable: true },
      },
      {
        displayName: 'ID',
        name: 'id',
        type: 'string',
        placeholder: '12345',
        validation: [{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: 'Linkly link IDs are numbers' } }],
      },
    ],
  },
  deliveryOptionsProperty,
];
