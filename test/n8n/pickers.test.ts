import nock from 'nock';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { DUB_FOLDERS, LINKLY_LINKS, LINKLY_WORKSPACE_PAID } from '../../sandbox';
import { loadOptionsContext } from './support/contexts';
import { dubApiKeyCredentials, linklyCredentials, useSandbox } from '../support/sandbox';
import { useNock } from '../support/strict-nock';

const dubSearch = new DubTrigger().methods.listSearch;
const linklySearch = new LinklyTrigger().methods.listSearch;
const sandbox = useSandbox();
useNock();

const manySandbox = useSandbox({ dubExtraFolders: 118 });

/** A workspace with 120 folders: Dub's two fixed ones and 118 more. */
function manyFolders() {
  return loadOptionsContext({ credentials: dubApiKeyCredentials(manySandbox()), parameters: { authentication: 'apiKey' } }).context;
}

function dubPicker() {
  return loadOptionsContext({ credentials: dubApiKeyCredentials(sandbox()), parameters: { authentication: 'apiKey' } }).context;
}

describe('pickers', () => {
  it("lists Dub's folders by name, with their ids as values", async () => {
    const { results } = await dubSearch.searchFolders.call(dubPicker());

    expect(results).toEqual(DUB_FOLDERS.map((folder) => ({ name: folder.name, value: folder.id })));
  });

  it('pages through every folder Dub has, 50 at a time as Dub serves them: a 51st folder can be picked', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await dubSearch.searchFolders.call(manyFolders(), undefined, token);
      names.push(...page.results.map((folder) => folder.name));
      token = page.paginationToken === undefined ? undefined : String(page.paginationToken);
      pages += 1;
    } while (token !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(names).toHaveLength(DUB_FOLDERS.length + 118);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['Folder 120']));
  });

  it("passes the user's search to Dub", async () => {
    const { results } = await dubSearch.searchFolders.call(dubPicker(), 'partner');

    expect(results.map((folder) => folder.name)).toEqual(['Partner links']);
  });

  it("lists Dub's links by short link, linking to each", async () => {
    const { results } = await dubSearch.searchLinks.call(dubPicker(), 'github');

    expect(results[0]).toMatchObject({ value: 'cm0faqkyn0001txvfwjfeq7gl', url: expect.stringContaining('79ys3WA') });
    expect(results[0]?.name).toContain('Dub on GitHub');
  });

  it('offers the next page of links only when the page was full', async () => {
    const full = Array.from({ length: 50 }, (_, index) => ({ id: `link_${index}`, domain: 'dub.sh', key: `k${index}` }));
    nock('https://api.dub.test').get('/links').query({ page: '1', pageSize: '50' }).reply(200, full);
    nock('https://api.dub.test').get('/links').query({ page: '2', pageSize: '50' }).reply(200, full.slice(0, 3));
    const context = loadOptionsContext({
      credentials: { dubApi: { apiKey: 'k', baseUrl: 'https://api.dub.test' } },
      parameters: { authentication: 'apiKey' },
    }).context;

    const first = await dubSearch.searchLinks.call(context);
    const second = await dubSearch.searchLinks.call(context, undefined, first.paginationToken);

    expect(first.paginationToken).toBe('2');
    expect(second.results).toHaveLength(3);
    expect(second.paginationToken).toBeUndefined();
  });

  it("lists the workspace's Linkly links and filters them by what the user types", async () => {
    const context = loadOptionsContext({ credentials: linklyCredentials(sandbox()) }).context;
    const own = LINKLY_LINKS.filter((link) => link.workspace_id === LINKLY_WORKSPACE_PAID);
    const target = own[0]!;

    const all = await linklySearch.searchLinks.call(context);
    const filtered = await linklySearch.searchLinks.call(context, target.name.toUpperCase());

    expect(all.results.map((link) => link.value)).toEqual(own.map((link) => String(link.id)));
    expect(filtered.results.map((link) => link.value)).toContain(String(target.id));
    expect(filtered.results.length).toBeLessThan(all.results.length);
  });

  it('shows the service error as the node error when the picker cannot load', async () => {
    const context = loadOptionsContext({ credentials: dubApiKeyCredentials(sandbox(), 'dub_wrong_key'), parameters: { authentication: 'apiKey' } }).context;

    await expect(dubSearch.searchFolders.call(context)).rejects.toThrow(/did not accept the credentials/);
  });
});
