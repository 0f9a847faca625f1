/**
 * The n8n editor as a user sees our triggers: Debian's Chromium (playwright-core) against a real n8n 2.41.1 with
 * the built package, and the sandbox as Dub and Linkly. Each step leaves a screenshot in artifacts/editor/.
 * Run with `npm run test:e2e:editor`, which builds the n8n packages into dist/n8n first.
 */
import { catalogueEntry, normalizedBy } from '../../support/fixtures';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TRIGGER_NODE_VERSION } from '../../../n8n/common/node-version';
import { dubTriggerProperties } from '../../../n8n/dub/nodes/DubTrigger/properties';
import { DUB_TRIGGER_NODE_VERSION } from '../../../n8n/dub/nodes/DubTrigger/version';
import { catalogue, signDubBody, URL_TOKEN_PARAM, type CatalogueEntry, type NormalizedEvent } from '../../../shared';
import { OWNER, setupOwner, type N8nNode, type OwnerSession } from '../../../scripts/n8n/api';
import { startN8n, type N8nHandle } from '../../../scripts/n8n/process';
import { eventually } from '../../../scripts/n8n/workflows';
import { launchBrowser, type EditorBrowser } from './browser';
import { N8nEditor, settled } from './n8n-editor';
import { dubFolders, dubLinks, dubOAuthApp, LINKLY_ACCOUNT, linklyLink, linklyLinks, startSandbox, type DubEnvelope, type Sandbox } from './sandbox';

const PACKAGE_DIR = path.resolve(__dirname, '../../../dist/n8n');

/** The output panel's table shows every field of the normalized event, in order, with its value; an object's
 *  fields appear as `key:value` lines in its cell. */
function expectTableToShow(row: Record<string, string>, event: NormalizedEvent): void {
  expect(Object.keys(row)).toEqual(Object.keys(event));
  for (const [key, value] of Object.entries(event)) {
    if (value === null || typeof value !== 'object') {
      expect({ [key]: row[key] }).toEqual({ [key]: String(value) });
      continue;
    }
    const lines = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner === null || typeof inner !== 'object')
      .map(([name, inner]) => `${name}:${String(inner)}`);
    expect({ [key]: (row[key] ?? '').split('\n') }).toEqual({ [key]: expect.arrayContaining(lines) });
  }
}

/** A signing secret as Dub shows one. */
const dubSecret = (): string => `whsec_${randomBytes(16).toString('hex')}`;

/** Posts a sale to a Dub Trigger's URL as Dub does: the raw body signed with `secret`. Returns the HTTP status. */
async function postSignedSale(url: string, sale: DubEnvelope, secret: string): Promise<number> {
  const body = JSON.stringify(sale);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'dub-signature': signDubBody(body, secret) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const MANUAL = 'None (Add the Webhook in Dub Yourself)';
const manualNotice = dubTriggerProperties.find((property) => property.name === 'manualNotice')?.displayName ?? '';

const saleEntry = catalogueEntry('dub', 'sale.created');
const linklyEntry = catalogueEntry('linkly', 'click');
const labelsOf = (entries: readonly CatalogueEntry[]): string[] => entries.map((each) => each.label);

describe('our triggers in the n8n editor', () => {
  let sandbox: Sandbox;
  let n8n: N8nHandle;
  let browser: EditorBrowser;
  let editor: N8nEditor;
  let owner: OwnerSession;
  const dubSpring = dubLinks.find((link) => link.label.includes('/spring26'));
  const dubPartnerFolder = dubFolders.find((folder) => folder.label === 'Partner links');
  const linklyPricing = linklyLinks.find((link) => link.label.startsWith('Pricing page'));

  /** What a failure message adds: n8n's last log lines and the sandbox's last requests. */
  const context = (): string => {
    const requests = sandbox
      ? [...sandbox.dub.requests(), ...sandbox.linkly.requests()]
          .slice(-15)
          .map((request) => `${request.provider} ${request.method} ${request.path} → ${request.status ?? 'pending'}`)
      : [];
    return `sandbox requests (last 15):\n${requests.join('\n') || '(none)'}\n\nn8n log (tail):\n${n8n?.logTail(40) ?? '(n8n not started)'}`;
  };

  beforeAll(async () => {
    if (!['dub', 'linkly'].every((service) => fs.existsSync(path.join(PACKAGE_DIR, service, 'package.json')))) {
      throw new Error(`${PACKAGE_DIR} is missing: run "node scripts/build.mjs n8n" (npm run test:e2e:editor does) first`);
    }
    sandbox = await startSandbox();
    n8n = await startN8n({ customExtensionsDir: PACKAGE_DIR });
    owner = await setupOwner(n8n);
    browser = await launchBrowser(n8n.baseUrl, context);
    editor = new N8nEditor(browser.page);
  }, 20 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await n8n?.stop();
    await sandbox?.close();
  }, 60_000);

  it('signs in with the owner account', () =>
    browser.step('sign-in', async () => {
      await editor.signIn(OWNER.email, OWNER.password);
      expect(new URL(browser.page.url()).pathname).not.toBe('/signin');
      await browser.page.getByTestId('main-sidebar-settings').waitFor();
      await browser.shot('signed-in');
    }));

  it("draws both triggers' icons on the canvas of a saved workflow opened by its URL, in the light and the dark theme", () =>
    browser.step('canvas-icons', async () => {
      // Beside each trigger as the editor adds it (Dub 1.2, Linkly 1.1), one at version 1, as a workflow written by hand or through
      // n8n's API says; and n8n's own GitHub Trigger, whose icon the canvas always drew.
      const at = (x: number, y: number): [number, number] => [x, y];
      const nodes: N8nNode[] = [
        { name: 'Dub Trigger', type: 'CUSTOM.dubTrigger', typeVersion: DUB_TRIGGER_NODE_VERSION, position: at(0, 0), parameters: { authentication: 'none', events: ['sale.created'] } },
        { name: 'Dub Trigger v1', type: 'CUSTOM.dubTrigger', typeVersion: 1, position: at(0, 240), parameters: { authentication: 'none', events: ['sale.created'] } },
        { name: 'Linkly Trigger', type: 'CUSTOM.linklyTrigger', typeVersion: TRIGGER_NODE_VERSION, position: at(320, 0), parameters: {} },
        { name: 'Linkly Trigger v1', type: 'CUSTOM.linklyTrigger', typeVersion: 1, position: at(320, 240), parameters: {} },
        { name: 'GitHub Trigger', type: 'n8n-nodes-base.githubTrigger', typeVersion: 1, position: at(640, 0), parameters: {} },
      ];
      const saved = await owner.createWorkflow({ name: 'Canvas icons', nodes, connections: {} });
      const iconOf = (name: string, theme: 'light' | 'dark'): RegExp => {
        if (name.startsWith('GitHub')) return theme === 'dark' ? /\/github\.dark\.svg$/ : /\/github\.svg$/;
        const service = name.startsWith('Dub') ? 'dub' : 'linkly';
        return new RegExp(`^${n8n.baseUrl}/icons/.*/${service}${theme === 'dark' ? '\\.dark' : ''}\\.svg$`);
      };

      for (const theme of ['light', 'dark'] as const) {
        await editor.openWorkflow(saved.id, nodes.length, theme);
        const images = await editor.canvasImages();

        // One loaded image per node, each the node's own icon asked for at n8n's /icons/ (not under /workflow/).
        expect(images.map((image) => image.node).sort()).toEqual(nodes.map((node) => node.name).sort());
        for (const image of images) {
          expect({ node: image.node, src: image.src, loaded: image.naturalWidth > 0 }).toEqual({
            node: image.node,
            src: expect.stringMatching(iconOf(image.node, theme)),
            loaded: true,
          });
        }
        await browser.shot(`canvas-icons-${theme}`);
      }
    }));

  it('offers the Dub Trigger with all 15 Dub events', () =>
    browser.step('dub-events', async () => {
      await editor.newWorkflow();
      const found = await editor.searchNodes('Dub', 'Dub');
      expect(found[0]).toBe('Dub');
      await editor.chooseNode('Dub');

      // n8n lists a trigger's events in the node creator as "On <event>".
      const actions = await editor.triggerActions(catalogue.dub.length);
      const asLabels = actions.map((action) => action.replace(/^On /, '').toLowerCase()).sort();
      expect(asLabels).toEqual(labelsOf(catalogue.dub).map((label) => label.toLowerCase()).sort());
      expect(actions).toHaveLength(15);
      await browser.shot('node-creator-dub-events');

      await editor.chooseTriggerAction('On new sale');
      // Nothing but Link Clicked has a scope: no "Clicks On" yet.
      expect(await editor.parameter('linkScope').count()).toBe(0);
      const options = await editor.openOptions('events', catalogue.dub.length);
      expect(options).toEqual(labelsOf(catalogue.dub).sort((a, b) => a.localeCompare(b)));
      // The list opens scrolled to the chosen event; the picture starts at the top.
      await editor.openDropdown().getByRole('option').first().scrollIntoViewIfNeeded();
      await browser.shotOf('dub-events-dropdown', [editor.credentialSlot(), editor.parameter('events'), editor.openDropdown()]);
      await editor.closeDropdown();
    }));

  it('connects Dub over OAuth2 with a credential made in the credential dialog', () =>
    browser.step('dub-credential', async () => {
      // Authentication is one of the node's own parameters (it offers None, so n8n does not move it into the
      // credential section); OAuth2 by default, which asks for the OAuth2 credential.
      expect(await editor.chosenOption('authentication')).toBe('OAuth2');
      expect(await editor.credentialSlot().innerText()).toContain('Dub OAuth2 API');
      const dialog = await editor.startNewCredential();
      expect(await dialog.innerText()).toContain('Dub OAuth2 API');
      const app = dubOAuthApp(sandbox);
      await editor.fillCredential({ ...app, baseUrl: sandbox.dubBaseUrl });
      await browser.shot('dub-oauth2-credential');
      await editor.connectOAuth2();

      expect(await editor.selectedCredential()).toMatch(/^Dub/);
      // The consent page sent n8n back with a code, which n8n exchanged for tokens at the sandbox.
      const exchanges = sandbox.dub.requests().filter((request) => request.method === 'POST' && request.path === '/oauth/token');
      expect(exchanges.map((request) => [new URLSearchParams(request.body).get('grant_type'), request.status])).toEqual([
        ['authorization_code', 200],
      ]);
      await browser.shot('dub-credential-connected');
    }));

  it("shows Link Clicked's scope, with pickers that list and search the workspace's folders and links", () =>
    browser.step('dub-pickers', async () => {
      if (!dubSpring || !dubPartnerFolder) throw new Error('the sandbox lost the spring26 link or the Partner links folder');
      await editor.openOptions('events', catalogue.dub.length);
      await editor.pickOption('Link Clicked');
      await editor.closeDropdown();
      await editor.parameter('linkScope').waitFor();
      expect(await editor.openOptions('linkScope', 3)).toEqual(['All Links in the Workspace', 'Links in Some Folders', 'Some Links']);
      await editor.pickOption('Links in Some Folders');

      const folderPicker = await editor.addCollectionRow('folders');
      const folders = await editor.openPicker(folderPicker, (labels) => labels.length === dubFolders.length);
      expect(folders).toEqual(dubFolders.map((folder) => folder.label));
      expect(await editor.searchPicker('partner', [dubPartnerFolder.label])).toEqual([dubPartnerFolder.label]);
      await browser.shot('dub-folder-picker-search');
      await editor.pickEntry(dubPartnerFolder.label);

      await editor.chooseOption('linkScope', 'Some Links');
      const linkPicker = await editor.addCollectionRow('links');
      const links = await editor.openPicker(linkPicker, (labels) => labels.length === dubLinks.length);
      expect(links).toEqual(dubLinks.map((link) => link.label));
      await browser.shotOf('dub-link-picker', [
        editor.credentialSlot(),
        editor.parameter('events'),
        browser.page.getByTestId('rlc-item').last(),
      ]);
      expect(await editor.searchPicker('spring', [dubSpring.label])).toEqual([dubSpring.label]);
      await browser.shot('dub-link-picker-search');
      await editor.pickEntry(dubSpring.label);

      // The pickers asked Dub, with its own search, over the new credential.
      const searches = sandbox.dub
        .requests()
        .filter((request) => request.method === 'GET' && request.query.search !== undefined)
        .map((request) => [request.path, request.query.search, request.status]);
      expect(searches).toEqual(expect.arrayContaining([['/folders', 'partner', 200], ['/links', 'spring', 200]]));
    }));

  it('"Listen for test event" registers a test hook, shows the delivered sale in the output panel, then removes the hook', () =>
    browser.step('dub-listen', async () => {
      if (!dubSpring) throw new Error('the sandbox lost the spring26 link');
      expect(sandbox.dub.hooks()).toEqual([]);
      await editor.listenForTestEvent();
      await browser.shot('dub-listening');

      const hook = await eventually('the Dub test hook in the sandbox', () => sandbox.dub.hooks()[0]);
      expect(sandbox.dub.hooks()).toHaveLength(1);
      expect(hook.url).toMatch(new RegExp(`^${n8n.baseUrl}/webhook-test/[0-9a-f-]{36}/webhook$`));
      expect([...hook.triggers].sort()).toEqual(['link.clicked', 'sale.created']);
      expect(hook).toMatchObject({ linkScope: 'links', linkIds: [dubSpring.id] });

      const sale: DubEnvelope = { ...(saleEntry.sample as DubEnvelope), id: 'evt_editortestsale000000000001' };
      const reports = await sandbox.dub.deliver(sale);
      expect(reports.map((report) => [report.url, report.statuses])).toEqual([[hook.url, [200]]]);

      const event = normalizedBy(saleEntry, sale);
      expectTableToShow(await editor.outputRow(sale.id), event);
      await browser.shot('dub-output-table');
      await editor.showOutputAs('JSON');
      await browser.shotOf('dub-output', [editor.parametersPanel(), editor.outputPanel()], 560);

      // n8n removes a test hook once it has its event.
      await eventually('the Dub test hook to be removed', () => (sandbox.dub.hooks().length === 0 ? true : undefined));
      await editor.closeNode();
    }));

  it('with Authentication: None, keeps the signing secret in a credential (no field in the workflow), registers nothing, and shows only deliveries signed with it', () =>
    browser.step('dub-manual', async () => {
      const dubRequestsBefore = sandbox.dub.requests().length;
      await editor.newWorkflow();
      await editor.searchNodes('Dub', 'Dub');
      await editor.chooseNode('Dub');
      await editor.triggerActions(catalogue.dub.length);
      await editor.chooseTriggerAction('On new sale');
      expect(await editor.chosenOptions('events')).toEqual(['New Sale']);

      expect(await editor.openOptions('authentication', 3)).toEqual(['OAuth2', 'API Key', MANUAL]);
      await editor.pickOption(MANUAL);
      // A new node (1.2) asks for a Dub Signing Secret credential, and has no Signing Secret field that n8n would
      // save in the workflow's JSON.
      await browser.page.getByText(manualNotice, { exact: true }).waitFor();
      // Authentication stays a dropdown among the parameters (n8n did not move it into the credential dialog).
      expect(await editor.chosenOption('authentication')).toBe(MANUAL);
      expect(await settled(() => editor.credentialSlot().innerText(), (text) => text.includes('Dub Signing Secret'))).toContain('Connect to Dub Signing Secret');
      expect(await editor.parameter('signingSecret').count()).toBe(0);
      const secret = dubSecret();
      await editor.startNewCredential();
      await editor.fillCredential({ secret });
      // Saving runs the node's credential test (the secret's form).
      await editor.saveCredential();
      expect(await editor.selectedCredential()).toMatch(/^Dub/);

      // The Production URL is what the user adds in Dub; the picture shows it beside the fields to fill.
      const productionUrl = await editor.webhookUrl('Production URL');
      expect(productionUrl).toMatch(new RegExp(`^${n8n.baseUrl}/webhook/[0-9a-f-]{36}/webhook$`));
      await browser.shotOf('dub-manual-setup', [
        editor.webhookUrlsPanel(),
        editor.credentialSlot(),
        editor.parameter('authentication'),
        editor.parameter('events'),
      ]);
      const testUrl = await editor.webhookUrl('Test URL');
      expect(testUrl).toBe(productionUrl.replace('/webhook/', '/webhook-test/'));

      await editor.listenForTestEvent();
      await browser.shot('dub-manual-listening');

      const sale: DubEnvelope = { ...(saleEntry.sample as DubEnvelope), id: 'evt_editormanualsale00000000001' };
      const forged: DubEnvelope = { ...sale, id: 'evt_editormanualforged000000001' };
      // Refused, and the listen goes on: n8n ends a test listen at the first delivery that starts the workflow, so
      // the good delivery's 200 (not a 404) shows the forged one started nothing; the panel shows the good one alone.
      expect(await postSignedSale(testUrl, forged, dubSecret())).toBe(401);
      expect(await postSignedSale(testUrl, sale, secret)).toBe(200);

      expectTableToShow(await editor.outputRow(sale.id), normalizedBy(saleEntry, sale));
      expect(await editor.outputRowCount()).toBe(1);
      await browser.shot('dub-manual-output-table');
      await editor.showOutputAs('JSON');
      await browser.shotOf('dub-manual-output', [editor.parametersPanel(), editor.outputPanel()], 560);

      // Nothing was asked of Dub: no hook registered for the listen, none removed after it.
      const asked = sandbox.dub.requests().slice(dubRequestsBefore).map((request) => `${request.method} ${request.path}`);
      expect(asked).toEqual([]);
      expect(sandbox.dub.hooks()).toEqual([]);
      await editor.closeNode();
    }));

  it('does the same for the Linkly Trigger: API key credential, link picker, test event, output', () =>
    browser.step('linkly', async () => {
      if (!linklyPricing) throw new Error('the sandbox lost the Pricing page link');
      await editor.newWorkflow();
      // With its list of events (clicks and link events) it is offered as Dub's is: the service, then "On <event>".
      const found = await editor.searchNodes('Linkly', 'Linkly');
      expect(found[0]).toBe('Linkly');
      await editor.chooseNode('Linkly');
      const actions = await editor.triggerActions(catalogue.linkly.length);
      expect(actions.map((action) => action.replace(/^On /, '').toLowerCase()).sort()).toEqual(labelsOf(catalogue.linkly).map((label) => label.toLowerCase()).sort());
      await editor.chooseTriggerAction('On new click');

      await editor.startNewCredential();
      await editor.fillCredential({
        apiKey: LINKLY_ACCOUNT.apiKey,
        workspaceId: String(LINKLY_ACCOUNT.workspaceId),
        baseUrl: sandbox.linklyBaseUrl,
      });
      await browser.shot('linkly-credential');
      await editor.saveCredential();
      expect(await editor.selectedCredential()).toMatch(/^Linkly/);
      // n8n's credential test: Linkly's workspace list, with the key as a bearer token.
      const tested = sandbox.linkly.requests().filter((request) => request.path === '/workspaces');
      expect(tested.map((request) => [request.headers.authorization, request.status])).toContainEqual([`Bearer ${LINKLY_ACCOUNT.apiKey}`, 200]);

      expect(await editor.openOptions('scope', 2)).toEqual(['All Links in the Workspace', 'One Link']);
      await editor.pickOption('One Link');
      const links = await editor.openPicker(editor.parameter('link').getByTestId('rlc-input'), (labels) => labels.length === linklyLinks.length);
      expect(links).toEqual(linklyLinks.map((link) => link.label));
      expect(await editor.searchPicker('pric', [linklyPricing.label])).toEqual([linklyPricing.label]);
      await browser.shot('linkly-link-picker-search');
      await editor.pickEntry(linklyPricing.label);

      expect(sandbox.linkly.hooks()).toEqual([]);
      await editor.listenForTestEvent();
      const hook = await eventually('the Linkly test hook in the sandbox', () => sandbox.linkly.hooks()[0]);
      expect(sandbox.linkly.hooks()).toHaveLength(1);
      const registered = new URL(hook.url);
      expect(registered.searchParams.get(URL_TOKEN_PARAM)).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(`${registered.origin}${registered.pathname}`).toMatch(new RegExp(`^${n8n.baseUrl}/webhook-test/[0-9a-f-]{36}/webhook$`));
      expect(hook).toMatchObject({ scope: 'link', linkId: Number(linklyPricing.id) });

      const click = { ...(linklyEntry.sample as Record<string, unknown>), link: linklyLink(linklyPricing.id) };
      const reports = await sandbox.linkly.deliver(click);
      expect(reports.map((report) => report.statuses)).toEqual([[200]]);

      const event = normalizedBy(linklyEntry, click);
      expectTableToShow(await editor.outputRow(event.id ?? ''), event);
      await editor.showOutputAs('JSON');
      await browser.shotOf('linkly-output', [editor.parametersPanel(), editor.outputPanel()], 560);
      await eventually('the Linkly test hook to be removed', () => (sandbox.linkly.hooks().length === 0 ? true : undefined));
    }));
});
