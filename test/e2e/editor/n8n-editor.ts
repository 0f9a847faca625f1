/**
 * n8n's editor (2.41) as a user drives it: sign-in, the node creator, the node's parameters and pickers, the
 * credential dialog, "Listen for test event" and the output panel. Selectors are n8n's own data-test-id
 * attributes (the ones its editor and its Playwright suite use), read from n8n's editor-ui sources.
 */
import type { Locator, Page } from 'playwright-core';

/** Polls `read` until `done` holds or time runs out, and returns the last value either way, so that the
 *  caller's assertion reports what the page showed rather than a bare timeout. */
export async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sameList = (expected: readonly string[]) => (actual: readonly string[]) =>
  actual.length === expected.length && actual.every((item, index) => item === expected[index]);

/** The first line of each element's text: an option's name without its description. */
async function headlines(items: Locator): Promise<string[]> {
  return (await items.allInnerTexts()).map((text) => (text.split('\n')[0] ?? '').trim());
}

/** What the canvas tests read of an <img> (the type checker runs without the DOM's types). */
interface CanvasImage {
  complete: boolean;
  currentSrc: string;
  naturalWidth: number;
  closest(selector: string): { getAttribute(name: string): string | null } | null;
}

export class N8nEditor {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string): Promise<void> {
    await this.page.goto('/signin');
    await this.page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
    await this.page.getByTestId('password').locator('input').fill(password);
    await this.page.getByTestId('form-submit-button').click();
    await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  }

  async newWorkflow(): Promise<void> {
    await this.page.goto('/workflow/new');
    await this.page.getByTestId('canvas-add-button').waitFor();
  }

  // ---------- the canvas of a saved workflow ----------

  /** Opens a saved workflow by its URL, as a bookmark or a shared link does, once its `nodeCount` nodes are drawn;
   *  `theme` as n8n's `?theme=` parameter sets it. */
  async openWorkflow(id: string, nodeCount: number, theme?: 'light' | 'dark'): Promise<void> {
    await this.page.goto(`/workflow/${id}${theme ? `?theme=${theme}` : ''}`);
    await settled(() => this.canvasNodes().count(), (count) => count === nodeCount);
  }

  canvasNodes(): Locator {
    return this.page.getByTestId('canvas-node');
  }

  /** Every image drawn on the canvas once each has finished loading or failed to: the node it belongs to (its
   *  label), the URL the browser asked for, and its natural width (0: a broken image). */
  async canvasImages(): Promise<Array<{ node: string; src: string; naturalWidth: number }>> {
    const images = this.canvasNodes().locator('img');
    await settled(
      () => images.evaluateAll((elements) => elements.every((element) => (element as unknown as CanvasImage).complete)),
      (complete) => complete,
    );
    return images.evaluateAll((elements) =>
      elements.map((element) => {
        const image = element as unknown as CanvasImage;
        const node = image.closest('[data-test-id="canvas-node"]');
        return { node: node?.getAttribute('data-node-name') ?? '', src: image.currentSrc, naturalWidth: image.naturalWidth };
      }),
    );
  }

  // ---------- the node creator ----------

  private nodeCreatorItems(): Locator {
    return this.page.getByTestId('node-creator').getByTestId('item-iterator-item');
  }

  /** Opens the node creator on an empty canvas and searches it; returns the names of the nodes found. */
  async searchNodes(text: string, expectedFirst: string): Promise<string[]> {
    await this.page.getByTestId('canvas-add-button').click();
    await this.page.getByTestId('node-creator-search-bar').fill(text);
    return settled(() => headlines(this.nodeCreatorItems()), (names) => names[0] === expectedFirst);
  }

  /** Clicks a node in the node creator's list; a node with trigger events opens the list of its events. */
  async chooseNode(name: string): Promise<void> {
    await this.nodeCreatorItems().filter({ hasText: name }).first().click();
  }

  /** The node's trigger events as the node creator lists them ("On new sale", ...), once there are `count`
   *  (while the panel slides in, the node list it replaces is still there). */
  async triggerActions(count: number): Promise<string[]> {
    return settled(() => headlines(this.nodeCreatorItems()), (names) => names.length === count);
  }

  async chooseTriggerAction(name: string): Promise<void> {
    await this.nodeCreatorItems().filter({ hasText: name }).click();
    await this.ndv().waitFor();
  }

  // ---------- the node details view (NDV) ----------

  ndv(): Locator {
    return this.page.getByTestId('ndv');
  }

  /** The node's parameter list (the middle panel). */
  parametersPanel(): Locator {
    return this.page.getByTestId('node-parameters');
  }

  /** The Credential row at the top of the parameters. */
  credentialSlot(): Locator {
    return this.page.getByTestId('node-credentials-slot');
  }

  parameter(name: string): Locator {
    return this.page.getByTestId(`parameter-input-${name}`);
  }

  /** The open dropdown (n8n teleports it to the end of the page). */
  openDropdown(): Locator {
    return this.page.locator('.el-popper:visible');
  }

  /** Opens a dropdown parameter and returns its options' names once there are `count`. */
  async openOptions(parameterName: string, count: number): Promise<string[]> {
    await this.parameter(parameterName).click();
    return settled(() => headlines(this.openDropdown().getByRole('option')), (names) => names.length === count);
  }

  /** Clicks the open dropdown's option whose name (its first line, above any description) is `name`. */
  async pickOption(name: string): Promise<void> {
    const option = this.openDropdown().getByRole('option');
    await option.filter({ has: this.page.getByText(name, { exact: true }) }).click();
  }

  async closeDropdown(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.openDropdown().first().waitFor({ state: 'hidden' });
  }

  async chooseOption(parameterName: string, option: string): Promise<void> {
    await this.parameter(parameterName).click();
    await this.pickOption(option);
  }

  /** What a dropdown parameter shows as chosen. */
  async chosenOption(parameterName: string): Promise<string> {
    return this.parameter(parameterName).locator('input').inputValue();
  }

  /** The chips of a multi-option parameter, as the user reads them. */
  async chosenOptions(parameterName: string): Promise<string[]> {
    return (await this.parameter(parameterName).locator('.el-tag').allInnerTexts()).map((text) => text.trim());
  }

  async fillParameter(parameterName: string, value: string): Promise<void> {
    await this.parameter(parameterName).locator('input').fill(value);
  }

  // ---------- the Webhook URLs panel above a trigger's parameters ----------

  /** The collapsible "Webhook URLs" panel (it has no test id of its own). */
  webhookUrlsPanel(): Locator {
    return this.parametersPanel().locator('.headline', { hasText: 'Webhook URLs' }).locator('..');
  }

  /** Opens the panel if it is closed, switches it to the test or production URL and returns the URL shown. */
  async webhookUrl(which: 'Test URL' | 'Production URL'): Promise<string> {
    const panel = this.webhookUrlsPanel();
    const choice = panel.getByRole('radio', { name: which });
    if (!(await choice.isVisible())) await panel.locator('.headline').click();
    await choice.click();
    const path = which === 'Test URL' ? '/webhook-test/' : '/webhook/';
    return settled(async () => (await panel.locator('.webhook-url').innerText()).trim(), (url) => url.includes(path));
  }

  // ---------- searchable pickers (resource locators) ----------

  /** Adds a row to a fixedCollection parameter ("Add folder", "Add link") and returns the row's picker. */
  async addCollectionRow(collectionName: string): Promise<Locator> {
    const collection = this.page.getByTestId(`fixed-collection-${collectionName}`);
    await collection.getByTestId('fixed-collection-add').click();
    return collection.getByTestId('rlc-input').last();
  }

  /** Opens a picker and returns the entries it lists, once `done` holds. */
  async openPicker(picker: Locator, done: (labels: string[]) => boolean): Promise<string[]> {
    await picker.click();
    return settled(() => this.pickerEntries(), done);
  }

  async searchPicker(text: string, expected: readonly string[]): Promise<string[]> {
    await this.page.getByTestId('rlc-search').fill(text);
    return settled(() => this.pickerEntries(), sameList(expected));
  }

  private async pickerEntries(): Promise<string[]> {
    return (await this.page.getByTestId('rlc-item').allInnerTexts()).map((text) => text.trim());
  }

  async pickEntry(label: string): Promise<void> {
    await this.page.getByTestId('rlc-item').filter({ hasText: label }).click();
    await this.page.getByTestId('rlc-search').waitFor({ state: 'hidden' });
  }

  // ---------- credentials ----------

  credentialDialog(): Locator {
    return this.page.getByTestId('editCredential-modal');
  }

  /** "Connect to <service>" on a node that has no credential yet: opens the new-credential dialog. */
  async startNewCredential(): Promise<Locator> {
    await this.page.getByTestId('node-credentials-empty-state').click();
    await this.credentialDialog().waitFor();
    return this.credentialDialog();
  }

  async fillCredential(fields: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(fields)) {
      const input = this.credentialDialog().getByTestId(`parameter-input-${name}`).locator('input');
      await input.fill(value);
    }
  }

  /** Saves the dialog; n8n tests the credential and closes the dialog when it works. */
  async saveCredential(): Promise<void> {
    await this.credentialDialog().getByTestId('credential-save-button').click();
    await this.credentialDialog().waitFor({ state: 'hidden' });
  }

  /** "Connect" on an OAuth2 credential: n8n saves it and runs the consent flow in a popup, which closes itself. */
  async connectOAuth2(): Promise<void> {
    const popup = this.page.waitForEvent('popup');
    await this.credentialDialog().getByTestId('quick-connect-button').click();
    await (await popup).waitForEvent('close');
    await this.credentialDialog().waitFor({ state: 'hidden' });
  }

  /** The credential the node uses, as its picker shows it. */
  async selectedCredential(): Promise<string> {
    return this.page.getByTestId('node-credentials-select').locator('input').inputValue();
  }

  // ---------- listening for a test event, and the output ----------

  /** "Execute step" on a trigger: n8n saves the workflow, registers the test webhook and waits for an event. */
  async listenForTestEvent(): Promise<void> {
    await this.page.getByTestId('node-execute-button').click();
    await this.page.getByTestId('trigger-listening').waitFor();
  }

  outputPanel(): Locator {
    return this.page.getByTestId('output-panel');
  }

  async showOutputAs(view: 'Table' | 'JSON' | 'Schema'): Promise<void> {
    await this.outputPanel().getByRole('radio', { name: view }).click();
  }

  /**
   * The first item of the output panel's table, column by column, once it shows `firstColumnValue`. An object
   * column reads as its `key:value` lines.
   */
  async outputRow(firstColumnValue: string): Promise<Record<string, string>> {
    await this.showOutputAs('Table');
    const table = this.outputTable();
    return settled(
      async () => {
        if ((await table.count()) === 0) return {};
        const headers = await table.locator('thead th').allInnerTexts();
        const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
        const row: Record<string, string> = {};
        headers.forEach((header, index) => {
          if (header.trim() !== '') row[header.trim()] = (cells[index] ?? '').trim();
        });
        return row;
      },
      (row) => Object.values(row)[0] === firstColumnValue,
    );
  }

  /** How many items the output panel's table lists. */
  async outputRowCount(): Promise<number> {
    await this.showOutputAs('Table');
    return this.outputTable().locator('tbody tr').count();
  }

  private outputTable(): Locator {
    return this.outputPanel().getByTestId('ndv-data-container').locator('table');
  }

  async closeNode(): Promise<void> {
    await this.page.getByTestId('ndv-close-button').click();
    await this.ndv().waitFor({ state: 'hidden' });
  }
}
