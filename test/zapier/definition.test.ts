import { triggerOutputFields } from '../../shared/normalized/output-fields';
import nock from 'nock';
import { version as coreVersion, type App, type Trigger } from 'zapier-platform-core';
import { compileApp, serializeApp, validateApp } from 'zapier-platform-core/src/tools/schema';
import { validateAppDefinition } from 'zapier-platform-schema';
import { catalogue, type CatalogueEntry } from '../../shared';
import { DUB_API, dubApp, dubAuth, hookOf, linklyApp, pollOf, runDub } from './support';
import { useStrictNock } from '../support/strict-nock';

useStrictNock();

const apps: Array<[string, App<Record<string, Trigger>>, readonly CatalogueEntry[]]> = [
  ['Dub', dubApp, catalogue.dub],
  ['Linkly', linklyApp, catalogue.linkly],
];

describe.each(apps)('the %s app definition', (_name, app, entries) => {
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
    expect(instant.map((trigger) => trigger.key)).toEqual(entries.map((entry) => entry.key));
    for (const entry of entries) {
      const trigger = app.triggers[entry.key];
      expect(trigger?.display).toEqual({ label: entry.label, description: entry.description });
      expect(trigger?.operation.type).toBe('hook');
      expect(trigger?.operation.sample).toEqual(entry.normalizedSample());
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

  it("lists every field of the normalized output statically, nested keys in Zapier's `__` form, then the Output choice's fields", () => {
    for (const entry of entries) {
      const fields = app.triggers[entry.key]?.operation.outputFields ?? [];
      const keys = fields.filter((field) => typeof field !== 'function').map((field) => (typeof field === 'function' ? '' : field.key));
      expect(keys).toEqual(triggerOutputFields(entry.trigger).map((field) => field.key.replaceAll('.', '__')));
      expect(keys).toEqual(expect.arrayContaining(['id', 'occurredAt']));
      expect(keys.every((key) => !key.includes('.'))).toBe(true);
      expect(fields.map((field) => typeof field)).toEqual([...keys.map(() => 'object'), 'function']);
    }
  });
});

describe('Dub: the hidden lists behind Link Clicked', () => {
  it('are hidden from the trigger picker', () => {
    expect(dubApp.triggers.folder_list?.display.hidden).toBe(true);
    expect(dubApp.triggers.link_list?.display.hidden).toBe(true);
  });

  it('folders: id and name', async () => {
    nock(DUB_API, { reqheaders: { authorization: `Bearer ${dubAuth.access_token}` } })
      .get('/folders')
      .reply(200, [{ id: 'fold_1', name: 'Marketing', accessLevel: 'write' }]);
    expect(await runDub(pollOf(dubApp, 'folder_list'), { authData: dubAuth, inputData: {}, meta: { page: 0, isFillingDynamicDropdown: true } })).toEqual([
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
