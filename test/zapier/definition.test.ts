import { triggerOutputFields } from '../../shared/normalized/output-fields';
import nock from 'nock';
import { version as coreVersion, type App, type Bundle, type PlainOutputField, type Trigger, type ZObject } from 'zapier-platform-core';
import { compileApp, serializeApp, validateApp } from 'zapier-platform-core/src/tools/schema';
import { validateAppDefinition } from 'zapier-platform-schema';
import { catalogue, dubPostbackCatalogue, pickFields, type CatalogueEntry } from '../../shared';
import { DUB_API, dubApp, dubAuth, hookOf, linklyApp, pollOf, runDub } from './support';
import { useStrictNock } from '../support/strict-nock';

useStrictNock();

/** Each app, its REST-hook triggers' entries, and its static-hook triggers' (Dub's partner postbacks). */
const apps: Array<[string, App<Record<string, Trigger>>, readonly CatalogueEntry[], readonly CatalogueEntry[]]> = [
  ['Dub', dubApp, catalogue.dub, Object.values(dubPostbackCatalogue)],
  ['Linkly', linklyApp, catalogue.linkly, []],
];

describe.each(apps)('the %s app definition', (_name, app, entries, staticEntries) => {
  it("passes zapier-platform-schema's validation, as Zapier's CLI runs it", () => {
    const result = validateAppDefinition(serializeApp(compileApp(app)));
    expect(result.errors.map((error) => `${error.property}: ${error.message}`)).toEqual([]);
    expect(validateApp(compileApp(app))).toEqual([]);
  });

  it('names its version and the exact core version it runs on', () => {
    expect(app.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(app.platformVersion).toBe(coreVersion);
  });

  it('has one instant trigger per catalogue entry, everything the user sees taken from the entry', () => {
    const instant = Object.values(app.triggers).filter((trigger) => !trigger.display.hidden);
    expect(instant.map((trigger) => trigger.key)).toEqual([...entries, ...staticEntries].map((entry) => entry.key));
    for (const entry of [...entries, ...staticEntries]) {
      const trigger = app.triggers[entry.key];
      expect(trigger?.display).toEqual({ label: entry.label, description: entry.description });
      expect(trigger?.operation.type).toBe('hook');
      // The normalized sample with the fields this service can fill (a Dub click has no Internet Provider).
      expect(trigger?.operation.sample).toEqual(pickFields(entry.normalizedSample(), triggerOutputFields(entry.trigger, entry.provider)));
    }
  });

  // Checks Zapier makes on its servers (and public apps need), which the local validation leaves out; the style
  // rules are in style.test.ts.
  it('gives every instant trigger subscribe, unsubscribe, perform, performList and a sample with an id', () => {
    for (const entry of entries) {
      const operation = hookOf(app, entry.key);
      expect(typeof operation.performList).toBe('function');
      expect(app.triggers[entry.key]?.operation.sample).toEqual(expect.objectContaining({ id: expect.any(String) }));
    }
  });

  it("lists the service's fields of the normalized output for the default Output, nested keys in Zapier's `__` form, from one function of the choice", async () => {
    for (const entry of [...entries, ...staticEntries]) {
      const fields = app.triggers[entry.key]?.operation.outputFields ?? [];
      expect(fields.map((field) => typeof field)).toEqual(['function']);
      const byChoice = fields[0] as unknown as (z: ZObject, bundle: Bundle) => Promise<PlainOutputField[]>;
      const keys = (await byChoice({} as ZObject, { inputData: {} } as unknown as Bundle)).map((field) => field.key);
      expect(keys).toEqual(triggerOutputFields(entry.trigger, entry.provider).map((field) => field.key.replaceAll('.', '__')));
      expect(keys).toEqual(expect.arrayContaining(['id', 'occurredAt']));
      expect(keys.every((key) => !key.includes('.'))).toBe(true);
    }
  });
});

describe('Dub: Payout Confirmed on Zapier (issue 13, item 2)', () => {
  it("says in the trigger's help that Dub marks an external payout completed once Zapier receives it, and what to do about it", () => {
    const fields = (dubApp.triggers.payout_confirmed?.operation.inputFields ?? []) as Array<{ key?: string; type?: string; helpText?: string }>;
    const notice = fields.find((field) => field.type === 'copy');
    expect(notice?.helpText).toMatch(/Dub marks the payout completed as soon as the event reaches Zapier/);
    expect(notice?.helpText).toMatch(/before any step of your Zap runs/);
    expect(notice?.helpText).toMatch(/Payout ID as your payment step's idempotency key/);
    // Only there: the other triggers carry no such notice.
    const others = catalogue.dub.filter((entry) => entry.event !== 'payout.confirmed');
    for (const entry of others) expect((dubApp.triggers[entry.key]?.operation.inputFields ?? []).some((field) => typeof field !== 'function' && field.type === 'copy')).toBe(false);
  });
});

describe('Dub: the hidden lists behind Link Clicked', () => {
  it('are hidden from the trigger picker', () => {
    expect(dubApp.triggers.folder_list?.display.hidden).toBe(true);
    expect(dubApp.triggers.link_list?.display.hidden).toBe(true);
  });

  it('folders: id and name, one page of 50 (Dub\'s largest) per "Load more"', async () => {
    nock(DUB_API, { reqheaders: { authorization: `Bearer ${dubAuth.access_token}` } })
      .get('/folders')
      .query({ page: '2', pageSize: '50' })
      .reply(200, [{ id: 'fold_1', name: 'Marketing', accessLevel: 'write' }]);
    expect(dubApp.triggers.folder_list?.operation.canPaginate).toBe(true);
    expect(await runDub(pollOf(dubApp, 'folder_list'), { authData: dubAuth, inputData: {}, meta: { page: 1, isFillingDynamicDropdown: true } })).toEqual([
      { id: 'fold_1', name: 'Marketing' },
    ]);
  });

  it('links: one page per "Load more", named by short link and title', async () => {
    nock(DUB_API)
      .get('/links')
      .query({ page: '2', pageSize: '100' })
      .reply(200, [
        { id: 'link_1', domain: 'dub.sh', key: 'spring', shortLink: 'https://dub.sh/spring', url: 'https://acme.example/spring', title: 'Spring sale' },
        { id: 'link_2', domain: 'dub.sh', key: 'bare', url: null },
      ]);
    expect(await runDub(pollOf(dubApp, 'link_list'), { authData: dubAuth, inputData: {}, meta: { page: 1, isFillingDynamicDropdown: true } })).toEqual([
      { id: 'link_1', name: 'https://dub.sh/spring (Spring sale)' },
      { id: 'link_2', name: 'dub.sh/bare' },
    ]);
    expect(dubApp.triggers.link_list?.operation).toEqual(expect.objectContaining({ canPaginate: true }));
  });
});
