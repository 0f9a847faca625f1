import type { Bundle, InputFields, PlainInputField } from 'zapier-platform-core';
import type { LinkScope } from '../../shared';
import { FOLDER_LIST_KEY, LINK_LIST_KEY } from './pickers';

type ScopeKind = LinkScope['kind'];

const SCOPE_CHOICES: Record<ScopeKind, string> = {
  workspace: 'Any link in the workspace',
  folders: 'Links in some folders',
  links: 'Some links',
};

const folderIdsField: PlainInputField = {
  key: 'folderIds',
  label: 'Folders',
  type: 'string',
  list: true,
  required: true,
  dynamic: `${FOLDER_LIST_KEY}.id.name`,
  helpText: 'Clicks on links in these folders (up to 100) trigger the Zap. "Load more" fetches further folders, 50 at a time.',
};

const linkIdsField: PlainInputField = {
  key: 'linkIds',
  label: 'Links',
  type: 'string',
  list: true,
  required: true,
  dynamic: `${LINK_LIST_KEY}.id.name`,
  helpText: 'Clicks on these links (up to 1000) trigger the Zap. Type in the dropdown to filter; "Load more" fetches further links.',
};

/** Link Clicked's only difference from the other triggers: which clicks Dub should send. */
export const linkScopeFields: InputFields = [
  {
    key: 'scope',
    label: 'Which Clicks',
    type: 'string',
    required: true,
    default: 'workspace',
    choices: SCOPE_CHOICES,
    altersDynamicFields: true,
    helpText: 'Dub can send clicks on every link of the workspace, on the links of some folders, or on some links.',
  },
  async (z, bundle) => {
    const scope = scopeKindOf(bundle.inputData.scope);
    if (scope === 'folders') return [folderIdsField];
    if (scope === 'links') return [linkIdsField];
    return [];
  },
];

/** The scope the user chose, as the core's hook spec wants it; the core checks the id counts against Dub's limits. */
export function linkScopeOf(bundle: Bundle): LinkScope {
  const { inputData } = bundle;
  const scope = scopeKindOf(inputData.scope);
  if (scope === 'folders') return { kind: 'folders', folderIds: idList(inputData.folderIds) };
  if (scope === 'links') return { kind: 'links', linkIds: idList(inputData.linkIds) };
  return { kind: 'workspace' };
}

function scopeKindOf(value: unknown): ScopeKind {
  return value === 'folders' || value === 'links' ? value : 'workspace';
}

/** Zapier gives a list field as an array, or as comma-separated text when the user typed ids by hand. */
function idList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.map((item) => String(item).trim()).filter((item) => item.length > 0);
}
