import {
  NodeHelpers,
  resolveWebhookDescriptionField,
  webhookDescriptionIsNativelyResolvable,
  type INode,
  type INodeParameters,
  type INodeProperties,
  type IWebhookDescription,
} from 'n8n-workflow';
import { DubApi } from '../../n8n/dub/credentials/DubApi.credentials';
import { DubOAuth2Api } from '../../n8n/dub/credentials/DubOAuth2Api.credentials';
import { LinklyApi } from '../../n8n/linkly/credentials/LinklyApi.credentials';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { catalogue, DUB_API_BASE_URL, LINKLY_API_BASE_URL } from '../../shared';
import { DUB_WEBHOOK_ACCESS_HELP } from '../../n8n/dub/nodes/DubTrigger/client';

function property(properties: INodeProperties[], name: string): INodeProperties {
  const found = properties.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no property ${name}`);
  return found;
}

describe('what the n8n editor shows', () => {
  it("offers every Dub event in the catalogue, valued by Dub's own name and described as the catalogue says", () => {
    const events = property(new DubTrigger().description.properties, 'events');

    expect(events.type).toBe('multiOptions');
    expect(events.options).toHaveLength(catalogue.dub.length);
    expect(events.options).toEqual(
      expect.arrayContaining(catalogue.dub.map((entry) => ({ name: entry.label, value: entry.event, description: entry.description }))),
    );
  });

  it('shows the Link Clicked scope only when Link Clicked is chosen and the node registers the hook', () => {
    const scope = property(new DubTrigger().description.properties, 'linkScope');

    expect(scope.displayOptions?.show).toEqual({ authentication: ['oAuth2', 'apiKey'], events: ['link.clicked'] });
  });

  it('shows the old Signing Secret field only to nodes made before 1.2, with Authentication: None', () => {
    const secret = property(new DubTrigger().description.properties, 'signingSecret');

    expect(secret.displayOptions?.show).toEqual({ authentication: ['none'], '@version': [1, 1.1] });
    expect(secret.typeOptions?.password).toBe(true);
  });

  it('asks for a Dub connection when the node registers the hook itself, and for the signing secret when the user adds it', () => {
    const { credentials = [] } = new DubTrigger().description;

    expect(credentials.map(({ name, required, displayOptions }) => ({ name, required, displayOptions }))).toEqual([
      { name: 'dubOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
      { name: 'dubApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
      // Not required: a node of 1 or 1.1 may still hold the secret in its old field.
      { name: 'dubSigningSecretApi', required: false, displayOptions: { hide: { authentication: ['oAuth2', 'apiKey'] } } },
    ]);
  });

  it("keeps Authentication among the node's parameters, where n8n's editor can show None", () => {
    // editor-ui's getMainAuthField (utils/nodeTypesUtils.ts, n8n 1.x and 2.x): a field named by credentials' `show` is
    // moved out of the node's parameters into the credential dialog when it is `authentication` without a 'none'
    // option, or when credentials show on every one of its values. Either way None could no longer be chosen.
    const { credentials = [], properties } = new DubTrigger().description;
    const shownOn = new Map<string, Set<unknown>>();
    for (const credential of credentials) {
      for (const [field, values] of Object.entries(credential.displayOptions?.show ?? {})) {
        const seen = shownOn.get(field) ?? new Set<unknown>();
        for (const value of values ?? []) seen.add(value);
        shownOn.set(field, seen);
      }
    }
    const movedIntoDialog = properties.filter((field) => {
      const shown = shownOn.get(field.name);
      if (!shown) return false;
      const values = (field.options ?? []).map((option) => ('value' in option ? option.value : undefined));
      if (field.name === 'authentication' && !values.includes('none')) return true;
      return values.every((value) => shown.has(value));
    });

    expect(movedIntoDialog.map((field) => field.name)).toEqual([]);
    expect(property(properties, 'authentication').options).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'none' })]));
  });

  it('names both triggers as n8n expects of trigger nodes', () => {
    for (const node of [new DubTrigger(), new LinklyTrigger()]) {
      expect(node.description.name).toMatch(/Trigger$/);
      expect(node.description.inputs).toEqual([]);
      expect(node.description.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'webhook' })]);
    }
  });

  it('answers Linkly at once: Linkly waits 5 s and never retries, so a late answer could only lose clicks', () => {
    expect(new LinklyTrigger().description.webhooks?.[0]?.responseMode).toBe('onReceived');
  });

  it("answers Dub when the user chose (at once by default, or once the workflow ran), with no workflow data in Dub's log", () => {
    const { webhooks = [], properties } = new DubTrigger().description;
    const respond = property(properties, 'responseMode');

    expect(respond.default).toBe('onReceived');
    expect(respond.options?.map((option) => 'value' in option && option.value)).toEqual(['onReceived', 'lastNode']);
    // n8n evaluates the webhook description's responseMode against the node's parameters.
    expect(webhooks[0]?.responseMode).toBe('={{$parameter["responseMode"] || "onReceived"}}');
    expect(webhooks[0]?.responseData).toBe('noData');
  });

  /** The node as n8n's Workflow holds it: parameters the editor would not show are dropped, defaults filled in. */
  function workflowNode(parameters: INodeParameters): INode {
    const description = new DubTrigger().description;
    const node: INode = { id: 'n1', name: 'Dub Trigger', type: 'CUSTOM.dubTrigger', typeVersion: 1.1, position: [0, 0], parameters };
    return { ...node, parameters: NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {} };
  }

  it('offers Respond for Payout Confirmed only, and answers every other event at once whatever a saved node says', () => {
    const description = new DubTrigger().description;
    const webhook = description.webhooks?.[0] as IWebhookDescription;
    const respondOf = (parameters: INodeParameters) => resolveWebhookDescriptionField(workflowNode(parameters), webhook, 'responseMode');

    expect(respondOf({ authentication: 'apiKey', events: ['payout.confirmed'], responseMode: 'lastNode' })).toEqual({ resolved: true, value: 'lastNode' });
    expect(respondOf({ authentication: 'none', signingSecret: 'whsec_x', events: ['sale.created', 'payout.confirmed'], responseMode: 'lastNode' })).toEqual({ resolved: true, value: 'lastNode' });
    expect(respondOf({ authentication: 'apiKey', events: ['payout.confirmed'] })).toEqual({ resolved: true, value: 'onReceived' });
    // Saved before Respond was limited to payouts: the hidden value is dropped, so Dub is answered at once.
    expect(respondOf({ authentication: 'apiKey', events: ['sale.created'], responseMode: 'lastNode' })).toEqual({ resolved: true, value: 'onReceived' });
  });

  // Any expression n8n 2.x must evaluate for a delivery costs an expression isolate (a cold one per concurrent
  // delivery under N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true); n8n resolves a field with a declared resolver natively.
  it("lets n8n 2.x resolve the webhook description without its expression engine, as for n8n's own Webhook node", () => {
    const webhook = new DubTrigger().description.webhooks?.[0] as IWebhookDescription;

    expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
    expect(webhookDescriptionIsNativelyResolvable(new LinklyTrigger().description.webhooks?.[0] as IWebhookDescription)).toBe(true);
  });

  it('gives the oldest supported n8n, which has no native resolvers, the same responseMode as a plain template', () => {
    jest.isolateModules(() => {
      jest.doMock('n8n-workflow', () => jest.requireActual('n8n-workflow-oldest'));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DubTrigger: OnOldestN8n } = require('../../n8n/dub/nodes/DubTrigger/DubTrigger.node') as { DubTrigger: typeof DubTrigger };
      const webhook = new OnOldestN8n().description.webhooks?.[0] as IWebhookDescription;
      expect(webhook.responseMode).toBe('={{$parameter["responseMode"] || "onReceived"}}');
      expect(Object.getOwnPropertySymbols(webhook)).toEqual([]);
    });
    jest.dontMock('n8n-workflow');
  });

  it('warns, where n8n shows it, that Respond: Immediately tells Dub an external payout is paid before the workflow ran', () => {
    const description = new DubTrigger().description;
    const notice = property(description.properties, 'payoutNotice');
    const shown = (values: Record<string, unknown>) =>
      NodeHelpers.displayParameter(values as INodeParameters, notice, { typeVersion: description.defaultVersion ?? 1.1 }, description);

    expect(String(notice.displayName)).toContain('When the Workflow Finishes');
    expect(shown({ authentication: 'apiKey', events: ['sale.created', 'payout.confirmed'], responseMode: 'onReceived' })).toBe(true);
    expect(shown({ authentication: 'none', events: ['payout.confirmed'], responseMode: 'onReceived' })).toBe(true);
    expect(shown({ authentication: 'apiKey', events: ['payout.confirmed'], responseMode: 'lastNode' })).toBe(false);
    expect(shown({ authentication: 'apiKey', events: ['sale.created'], responseMode: 'onReceived' })).toBe(false);
  });

  // A saved node whose version its type does not declare is drawn from the type's name, with a broken icon
  // (test/e2e/editor shows it in the browser): 1 is what a hand-written or API-made workflow says.
  it('adds new triggers at their newest version and knows the older ones saved workflows may hold', () => {
    const linkly = new LinklyTrigger().description;
    expect(linkly.version).toEqual([1, 1.1]);
    expect(linkly.defaultVersion).toBe(1.1);
    // 1.2: the Dub Trigger's signing secret of a hand-added hook moved into a credential (dub-signing-secret.test.ts).
    const dub = new DubTrigger().description;
    expect(dub.version).toEqual([1, 1.1, 1.2]);
    expect(dub.defaultVersion).toBe(1.2);
  });
});

describe('credentials', () => {
  it('point at the real services unless told otherwise', () => {
    expect(property(new DubApi().properties, 'baseUrl').default).toBe(DUB_API_BASE_URL);
    expect(property(new DubOAuth2Api().properties, 'baseUrl').default).toBe(DUB_API_BASE_URL);
    expect(property(new LinklyApi().properties, 'baseUrl').default).toBe(LINKLY_API_BASE_URL);
  });

  it("ask Dub's OAuth for the webhook scopes and the reads the pickers need, at Dub's own URLs", () => {
    const oauth = new DubOAuth2Api();

    expect(oauth.extends).toEqual(['oAuth2Api']);
    expect(String(property(oauth.properties, 'scope').default).split(' ')).toEqual(
      expect.arrayContaining(['webhooks.read', 'webhooks.write', 'links.read', 'folders.read']),
    );
    expect(property(oauth.properties, 'authUrl').default).toBe('https://app.dub.co/oauth/authorize');
    expect(property(oauth.properties, 'accessTokenUrl').default).toBe('https://api.dub.co/oauth/token');
  });

  it('the Dub OAuth2 credential says, before consent fails, that only a workspace owner of a verified app can connect', () => {
    const notice = String(property(new DubOAuth2Api().properties, 'ownerOnlyNotice').displayName);
    expect(notice).toContain('Only a Dub workspace owner can connect');
    expect(notice).toContain("You don't have the permission to install this integration.");
    expect(notice).toContain("only its developer or the developer's workspace can install it");
    expect(notice).toContain('Restricted API key with Webhooks: Write');
  });

  it('are tested against a cheap read on the configured base URL', () => {
    for (const credential of [new DubApi(), new DubOAuth2Api(), new LinklyApi()]) {
      expect(credential.test.request.baseURL).toBe('={{$credentials.baseUrl}}');
    }
  });

  it("the Dub API credential tells, before anything fails, which keys can register hooks: the node's three ways out", () => {
    const notice = String(property(new DubApi().properties, 'webhookAccessNotice').displayName);
    expect(notice).toContain('Restricted key with Webhooks: Write');
    expect(notice).toContain('only a workspace owner can make one');
    expect(notice).toContain('"All access" and "Read only" keys cannot manage webhooks');
    expect(notice).toContain("Authentication: None");
    expect(notice).toContain('OAuth2');
    // The same facts as the node's error wording (which n8n's lint cannot read from a constant).
    for (const fact of ['Restricted', 'Webhooks: Write', 'workspace owner', 'All access', 'Read only']) expect(DUB_WEBHOOK_ACCESS_HELP).toContain(fact);
  });
});
