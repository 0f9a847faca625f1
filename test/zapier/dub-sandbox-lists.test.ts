import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import { catalogue } from '../../shared';
import { DUB_TOKEN_BUSINESS } from '../../sandbox';
import { useSandbox } from '../support/sandbox';
import { captureLogs, dubApp, expectPlatformChecks, hookOf, pollOf, runDub } from './support';

/**
 * The Dub app's lists against the sandbox, which answers as Dub's list endpoints do (pages of at most 50 folders,
 * the partner-program lists, the events endpoint's link and folder filters): the Zap editor's samples and pickers.
 */

/** 118 folders beyond the sandbox's two: 120 in all, three of Dub's pages. */
const sandbox = useSandbox({ dubExtraFolders: 118 });
const savedEnv = { ...process.env };
const authData = { access_token: DUB_TOKEN_BUSINESS };

beforeAll(() => {
  process.env['DUB_API_BASE_URL'] = sandbox().dubBaseUrl;
});

afterAll(() => {
  process.env = savedEnv;
});

describe('the folder picker pages through every folder Dub has', () => {
  it('returns all of 120 folders across pages of 50 ("Load more"), then an empty page', async () => {
    const pages: Array<Array<{ id: string; name: string }>> = [];
    for (let page = 0; page < 4; page += 1) {
      pages.push((await runDub(pollOf(dubApp, 'folder_list'), { authData, inputData: {}, meta: { page, isFillingDynamicDropdown: true } })) as Array<{ id: string; name: string }>);
    }
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20, 0]);
    const all = pages.flat();
    expect(new Set(all.map((folder) => folder.id)).size).toBe(120);
    expect(all[50]).toEqual({ id: 'fold_1JSANDBOXGENERATED051', name: 'Folder 051' });
    expect(all.at(-1)).toEqual({ id: 'fold_1JSANDBOXGENERATED120', name: 'Folder 120' });
    expect(sandbox().dub.requests().map((request) => request.query)).toEqual([1, 2, 3, 4].map((page) => ({ page: String(page), pageSize: '50' })));
  });
});

describe('Link Clicked samples: only clicks the Zap would receive', () => {
  type Click = { link: { id: string }; occurredAt: string };
  const clicked = async (inputData: Record<string, unknown>) => (await runDub(hookOf(dubApp, 'link_clicked').performList, { authData, inputData })) as Click[];

  it('the whole workspace: every recent click', async () => {
    expect((await clicked({})).map((item) => item.link.id)).toEqual([
      'link_1JSANDBOXSPRING00000001',
      'link_1JSANDBOXSARAH000000001',
      'cm0faqkyn0001txvfwjfeq7gl',
    ]);
  });

  it('some folders: clicks on links in them only', async () => {
    const items = await clicked({ scope: 'folders', folderIds: ['fold_1JSANDBOXPARTNERS0000001'] });
    expect(items.map((item) => item.link.id)).toEqual(['link_1JSANDBOXSARAH000000001']);
    expect(sandbox().dub.requests().map((request) => request.query['folderId'])).toEqual(['fold_1JSANDBOXPARTNERS0000001']);
  });

  it('some links: clicks on them only, newest first across the links', async () => {
    const items = await clicked({ scope: 'links', linkIds: 'cm0faqkyn0001txvfwjfeq7gl,link_1JSANDBOXSPRING00000001' });
    expect(items.map((item) => item.link.id)).toEqual(['link_1JSANDBOXSPRING00000001', 'cm0faqkyn0001txvfwjfeq7gl']);
  });

  it('many links: one page of the workspace (limit 1000), filtered to them', async () => {
    const linkIds = ['link_1JSANDBOXSARAH000000001', 'other_1', 'other_2', 'other_3', 'other_4', 'other_5'];
    expect((await clicked({ scope: 'links', linkIds })).map((item) => item.link.id)).toEqual(['link_1JSANDBOXSARAH000000001']);
    expect(sandbox().dub.requests().map((request) => request.query)).toEqual([expect.objectContaining({ event: 'clicks', limit: '1000' })]);
  });

  it('a scope without recent clicks: no item, so Zapier offers its static sample as a sample', async () => {
    const logs = captureLogs();
    try {
      expect(await clicked({ scope: 'folders', folderIds: ['fold_1JSANDBOXGENERATED003'] })).toEqual([]);
    } finally {
      logs.restore();
    }
    expect(logs.lines.map((line) => line.trim())).toEqual(['No recent "link.clicked" in this Dub workspace; Zapier offers the built-in sample instead.']);
  });
});

describe('partner-program samples from their list endpoints', () => {
  it.each([
    ['partner.application_submitted', '/partners/applications'],
    ['bounty.created', '/bounties'],
    ['bounty.updated', '/bounties'],
    ['discount_code.created', '/discount-codes'],
  ])('%s: real items from GET %s, which validate as the output', async (event, path) => {
    const entry = catalogue.dub.find((candidate) => candidate.event === event);
    if (!entry) throw new Error(`no entry for ${event}`);
    const items = await runDub(hookOf(dubApp, entry.key).performList, { authData, inputData: {} });
    expectPlatformChecks(items);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(outputSchemaOf(entry.trigger).safeParse(item).success).toBe(true);
    expect(sandbox().dub.requests().map((request) => request.path)).toEqual([path]);
  });
});
