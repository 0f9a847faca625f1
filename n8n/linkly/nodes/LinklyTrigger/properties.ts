import type { INodeProperties } from 'n8n-workflow';
import { deliveryOptionsProperty } from '../../../common/delivery-options';

export const linklyTriggerProperties: INodeProperties[] = [
  {
    displayName: 'Clicks On',
    name: 'scope',
    type: 'options',
    options: [
      { name: 'All Links in the Workspace', value: 'workspace' },
      { name: 'One Link', value: 'link' },
    ],
    default: 'workspace',
    description: 'Which clicks start the workflow',
  },
  {
    displayName: 'Link',
    name: 'link',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    displayOptions: { show: { scope: ['link'] } },
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
