import type { Bundle, PlainInputField } from 'zapier-platform-core';
import { LINK_LIST_KEY } from './pickers';

/** New Click listens to the whole workspace unless the user picks one link. */
export const linkFilterFields: PlainInputField[] = [
  {
    key: 'linkId',
    label: 'Link',
    type: 'string',
    required: false,
    dynamic: `${LINK_LIST_KEY}.id.name`,
    helpText: 'Leave empty to trigger on clicks on any link in the workspace.',
  },
];

export function chosenLinkId(bundle: Bundle): string | undefined {
  const value = bundle.inputData.linkId;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return text ? text : undefined;
}
